import path from 'node:path';
import { parseConfig, type Config } from '../domain/config.js';
import { describeError } from '../domain/errors.js';
import { pollCycle } from '../pipeline/poll-cycle.js';
import { channelsFromConfig } from '../pipeline/channels.js';
import { cycleSummary, countryName, describeEvent } from '../cli/format.js';
import { DEFAULT_DATA_DIR, openStore } from './open-store.js';
import { SAMPLE_ARTICLES, SAMPLE_CYCLES, SAMPLE_FEEDS, startSampleServer } from './sample-server.js';
import { importRecord, loadRecordFile, parseRecord } from '../pipeline/import-record.js';
import { DEFAULT_RECORD_FILE } from './record/index.js';
import { startWebhookReceiver } from './webhook-receiver.js';
import { startSmtpSink } from './smtp-sink.js';

const WEBHOOK_SECRET = 'demo-secret-not-for-production';

/**
 * `npm start`: the whole monitor on one machine, no AWS account and no network. Sample feeds,
 * a subscriber's webhook endpoint and an SMTP server run on loopback; the poll cycles run on the
 * embedded DynamoDB Local in `.riposte/`, so `npx riposte history` shows the result afterwards.
 */
export async function runDemo(options: { dataDir?: string; log?: (line: string) => void } = {}): Promise<number> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);

  log('Riposte demo: sample feeds, a webhook subscriber and an SMTP server on loopback.');
  log(`Store: embedded DynamoDB Local in ${dataDir} (starting…)`);
  // Only a store that holds nothing but the samples is reset; anything else is left untouched.
  const opened = await openStore({ dataDir, reset: { onlyIfFeedsMatch: (name) => name.startsWith('sample-') } });
  const feeds = await startSampleServer();
  const webhook = await startWebhookReceiver({
    secret: WEBHOOK_SECRET,
    onDelivery: (d) =>
      log(`  webhook ← ${d.alert.event.expelling_country}→${d.alert.event.expelled_country} delivery ${d.deliveryId} (signature ${d.signatureValid ? 'valid' : 'INVALID'})`),
  });
  const smtp = await startSmtpSink({ onMessage: (m) => log(`  email   ← "${m.subject}" to ${textOf(m.to)}`) });

  const config: Config = parseConfig({
    feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
    subscribers: [
      { name: 'analyst-webhook', webhook: { url: webhook.url, secret: WEBHOOK_SECRET } },
      { name: 'watch-desk', email: 'desk@example.org', countries: ['RU'] },
    ],
    email: { from: 'riposte@example.org', smtp: { host: smtp.host, port: smtp.port } },
    network: { allowPrivate: true },
  });

  const channels = channelsFromConfig(config);
  try {
    // The record of past rounds, in two steps: what happened before the monitor "starts" (the
    // first sample article) is known history from day one; the rest is filled in after the
    // cycles, so that the feeds, not the record, are first to report the demo's rounds.
    const record = parseRecord(await loadRecordFile(DEFAULT_RECORD_FILE));
    const start = SAMPLE_ARTICLES.map((a) => a.published.slice(0, 10)).sort()[0]!;
    const before = await importRecord(opened.store, record.filter((e) => e.date < start));
    log(`Record of past rounds: ${before.created} measures before ${start} loaded as known history (${before.rounds} rounds linked).`);
    for (const [i, cutoff] of SAMPLE_CYCLES.entries()) {
      feeds.releaseUntil(cutoff);
      log('');
      log(`── Cycle ${i + 1}/${SAMPLE_CYCLES.length}: the feeds now carry articles up to ${cutoff} ──`);
      const report = await pollCycle({ store: opened.store, config, channels });
      log(cycleSummary(report));
    }
    const after = await importRecord(opened.store, record.filter((e) => e.date >= start));
    log('');
    log(
      `Record of past rounds: the other ${after.total} measures loaded (${after.created} new, ${after.merged} already reported by the feeds, ${after.rounds} rounds linked; never alerted).`,
    );
    const events = await opened.store.findEvents({});
    const fromFeeds = (e: (typeof events)[number]) => e.sources.some((s) => s.outlet.startsWith('sample-'));
    log('');
    log(
      `Done. ${events.length} events stored (${events.filter(fromFeeds).length} from the sample feeds), ${webhook.received.length} webhook deliveries, ${smtp.messages.length} emails.`,
    );
    const rounds = events.filter((e) => e.responds_to.length > 0 && fromFeeds(e));
    log('Rounds the feeds reported:');
    for (const e of rounds) {
      const answered = events.filter((x) => e.responds_to.includes(x.id)).map((x) => describeEvent(x));
      log(`  ${describeEvent(e)}  ⟵ answers: ${answered.join('; ')}`);
    }
    log('');
    log('Look at the record: npx riposte history   (or --json, or --country RU --with CZ)');
    log('Feed states:        npx riposte feeds --json');
    log(`Pairs in the feeds: ${[...new Set(events.filter(fromFeeds).map((e) => [e.expelling_country, e.expelled_country].sort().map(countryName).join(' ↔ ')))].join(', ')}`);
    return 0;
  } finally {
    await channels.close();
    await opened.close();
    await Promise.all([feeds.close(), webhook.close(), smtp.close()]);
  }
}

function textOf(address: unknown): string {
  if (!address) return '';
  if (Array.isArray(address)) return address.map(textOf).join(', ');
  return (address as { text?: string }).text ?? '';
}

if (require.main === module) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  runDemo().then(
    (status) => process.exit(status),
    (error) => {
      process.stderr.write(`riposte demo: ${describeError(error)}\n`);
      process.exit(1);
    },
  );
}
