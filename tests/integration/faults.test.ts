import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig, type Config } from '../../shared/domain/config.js';
import { RiposteError } from '../../shared/domain/errors.js';
import { retryAlerts, HttpWebhookSender } from '../../shared/alert/index.js';
import { cycleSummary } from '../../shared/cli/format.js';
import { startSampleServer, SAMPLE_CYCLES, SAMPLE_FEEDS, type SampleServer } from '../../shared/local/sample-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { startSmtpSink, type SmtpSink } from '../../shared/local/smtp-sink.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { WRITE_OPERATIONS } from '../../scripts/bench-store.js';
import type { EventStore } from '../../shared/store/event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

/**
 * Faults in the middle of a cycle, on real parts (DynamoDB Local, loopback feeds, webhook and SMTP):
 * whatever breaks, the next cycle ends in the state of a clean run, nothing lost, nothing doubled.
 */
const SECRET = 'whsec-9f3a1c77e2b04d51-do-not-log';
/** Past the pending-delivery lease (15 min): what an interrupted run left pending is resent. */
const AFTER_LEASE_MS = 16 * 60_000;

interface Snapshot {
  events: unknown[];
  articles: number;
  alerts: Array<{ id: string; channel: string; status: string }>;
}

async function snapshot(store: EventStore, urls: string[]): Promise<Snapshot> {
  const events = (await store.findEvents({})).sort((a, b) => a.id.localeCompare(b.id));
  const articles = (await Promise.all(urls.map((u) => store.getArticle(u)))).filter((a) => a?.status === 'processed').length;
  const alerts = (await store.listAlerts())
    .map((r) => ({ id: r.id, channel: r.channel, status: r.status }))
    .sort((a, b) => `${a.id}${a.channel}`.localeCompare(`${b.id}${b.channel}`));
  return { events, articles, alerts };
}

/** A real DynamoDB client whose nth write (from arming) fails as a throttled service would. */
function failNthWrite(client: DynamoDBClient, n: number): { fired: () => boolean } {
  let writes = 0;
  let fired = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if ((WRITE_OPERATIONS as readonly string[]).includes(context.commandName ?? '') && ++writes === n) {
        fired = true;
        throw Object.assign(new Error(`injected fault on write ${n}`), { name: 'ProvisionedThroughputExceededException', $retryable: {} });
      }
      return next(args);
    },
    { step: 'initialize', name: 'riposteInjectedFault' },
  );
  return { fired: () => fired };
}

/** Distinct delivery ids received, and whether any id came twice (allowed: at-least-once, same id). */
function deliveryIds(hook: WebhookReceiver) {
  const ids = hook.received.map((d) => d.deliveryId!);
  const perId = new Map<string, number>();
  for (const id of ids) perId.set(id, (perId.get(id) ?? 0) + 1);
  return { distinct: [...new Set(ids)].sort(), repeats: ids.length - new Set(ids).size, mostCopies: Math.max(0, ...perId.values()) };
}

describe('faults in the middle of a poll cycle', () => {
  let feeds: SampleServer;
  let articleUrls: string[] = [];
  let clean: { snap: Snapshot; deliveries: string[]; emails: number; writes: number };
  const tables: TestTable[] = [];
  const closers: Array<() => Promise<unknown>> = [];

  /** One scenario's world: its own table, webhook endpoint and SMTP sink; the same feeds. */
  async function world(options: { hook?: Parameters<typeof startWebhookReceiver>[0] } = {}) {
    const [db, hook, smtp] = await Promise.all([createTestTable('faults'), startWebhookReceiver(options.hook ?? { secret: SECRET }), startSmtpSink()]);
    tables.push(db);
    closers.push(() => hook.close(), () => smtp.close());
    const config = configFor(hook.url, smtp);
    const channels = channelsFromConfig(config);
    closers.push(() => channels.close());
    return { db, hook, smtp, config, channels };
  }
  const configFor = (hookUrl: string, smtp: { host: string; port: number }): Config =>
    parseConfig({
      feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
      subscribers: [
        { name: 'hook', webhook: { url: hookUrl, secret: SECRET } },
        { name: 'desk', email: 'desk@example.org' },
      ],
      email: { from: 'riposte@example.org', smtp: { host: smtp.host, port: smtp.port } },
      network: { allowPrivate: true },
    });

  beforeAll(async () => {
    feeds = await startSampleServer();
    feeds.releaseUntil(SAMPLE_CYCLES[SAMPLE_CYCLES.length - 1]!);
    const w = await world();
    let writes = 0;
    w.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if ((WRITE_OPERATIONS as readonly string[]).includes(context.commandName ?? '')) writes++;
        return next(args);
      },
      { step: 'initialize', name: 'countWrites' },
    );
    const report = await pollCycle({ store: w.db.store, config: w.config, channels: w.channels });
    articleUrls = report.articles.map((a) => a.url);
    clean = { snap: await snapshot(w.db.store, articleUrls), deliveries: deliveryIds(w.hook).distinct, emails: w.smtp.messages.length, writes };
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...closers.map((close) => close()), ...tables.map((t) => t.drop()), feeds?.close()]);
  });

  it('the clean run has events, rounds and deliveries to compare with', () => {
    expect(clean.snap.events.length).toBeGreaterThan(3);
    expect(clean.deliveries.length).toBeGreaterThan(0);
    expect(clean.snap.alerts.every((a) => a.status === 'sent')).toBe(true);
    expect(clean.emails).toBe(clean.deliveries.length);
  });

  it('a DynamoDB write failing at the start, middle or end of a cycle stops it; the next cycle ends as a clean run', { timeout: 120_000 }, async () => {
    const points = [1, Math.ceil(clean.writes / 2), clean.writes - 1];
    for (const n of points) {
      const w = await world();
      const fault = failNthWrite(w.db.client, n);
      const failed = await pollCycle({ store: w.db.store, config: w.config, channels: w.channels }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(fault.fired(), `write ${n}`).toBe(true);
      expect(failed, `write ${n}`).toBeInstanceOf(RiposteError);
      expect((failed as RiposteError).code).toBe('store_unavailable');

      const later = new Date(Date.now() + AFTER_LEASE_MS);
      await pollCycle({ store: w.db.store, config: w.config, channels: w.channels, clock: () => later });
      expect(await snapshot(w.db.store, articleUrls), `after a fault on write ${n} of ${clean.writes}`).toEqual(clean.snap);
      const got = deliveryIds(w.hook);
      expect(got.distinct, `write ${n}`).toEqual(clean.deliveries);
      // At-least-once: when the failing write is the status update right after a send, that one
      // delivery goes out again, under the same id. One failed write can cause at most one repeat.
      const extraEmails = w.smtp.messages.length - clean.emails;
      expect(extraEmails, `write ${n}: an email lost`).toBeGreaterThanOrEqual(0);
      expect(got.repeats + extraEmails, `write ${n}: more repeats than the one failed write explains`).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['after some article requests', 'articles'],
    ['at the first webhook delivery', 'delivery'],
  ] as const)('a process killed %s: the next cycle ends as a clean run, each alert delivered once per id', { timeout: 60_000 }, async (_label, when) => {
    const endpoint = inject('ddbEndpoint')!;
    let child: ReturnType<typeof spawn> | null = null;
    const killed = { at: -1 };
    const kill = () => {
      if (child && killed.at < 0) {
        killed.at = feeds.requests.length;
        child.kill('SIGKILL');
      }
    };
    const w = await world({ hook: { secret: SECRET, onDelivery: () => when === 'delivery' && kill() } });
    const requestsBefore = feeds.requests.length;
    // Node itself, with tsx's loader: through `npx tsx` the SIGKILL would reach only the wrapper
    // and leave the real cycle running on, orphaned, beside the next one.
    child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '..', 'helpers', 'poll-once.ts')], {
      env: { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint, RIPOSTE_TABLE: w.db.tableName, RIPOSTE_TEST_CONFIG: JSON.stringify(w.config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const watcher = setInterval(() => {
      const pages = feeds.requests.slice(requestsBefore).filter((r) => r.startsWith('GET /articles/')).length;
      if (when === 'articles' && pages >= 6) kill();
    }, 2);
    const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
    clearInterval(watcher);
    expect(exit, output).toBe('SIGKILL');
    expect(output).not.toContain('done');
    const left = await snapshot(w.db.store, articleUrls);
    expect(left, 'the kill left the cycle unfinished').not.toEqual(clean.snap);

    const later = new Date(Date.now() + AFTER_LEASE_MS);
    await pollCycle({ store: w.db.store, config: w.config, channels: w.channels, clock: () => later });
    expect(await snapshot(w.db.store, articleUrls)).toEqual(clean.snap);
    const got = deliveryIds(w.hook);
    expect(got.distinct).toEqual(clean.deliveries);
    // At-least-once: a delivery cut off between its send and its record may come twice, with the same id.
    // Deliveries go out a few at a time (dispatch's default concurrency, 4), so a kill at the first
    // one may cut off up to that many sends already on the wire; each comes again once, same id.
    if (when === 'articles') expect(got.repeats).toBe(0);
    else expect(got.repeats).toBeLessThanOrEqual(4);
    expect(got.mostCopies, 'no delivery comes more than twice').toBeLessThanOrEqual(2);
  });

  it('webhooks answering 5xx or timing out are recorded as failed with the reason, retryable, and the secret appears nowhere', { timeout: 60_000 }, async () => {
    const k = clean.deliveries.length;
    // Each alert's first try hangs past the timeout, its second gets a 503: all fail in this cycle.
    const w = await world({ hook: { secret: SECRET, hangFirst: k, failFirst: k } });
    const channels = { ...w.channels, webhook: new HttpWebhookSender({ allowPrivate: true, attempts: 2, baseDelayMs: 10, timeoutMs: 300 }) };
    const report = await pollCycle({ store: w.db.store, config: w.config, channels });
    const webhookDeliveries = report.alerts.deliveries.filter((d) => d.channel === 'webhook');
    expect(webhookDeliveries).toHaveLength(k);
    expect(webhookDeliveries.every((d) => d.status === 'failed' && d.attempts === 2)).toBe(true);
    const failed = await w.db.store.listAlerts({ status: 'failed' });
    expect(failed).toHaveLength(k);
    expect(failed.every((r) => /HTTP 503|timeout/.test(r.lastError ?? ''))).toBe(true);

    // Nothing that is printed, logged or stored about the cycle holds the subscriber's secret.
    const everything = [JSON.stringify(report), cycleSummary(report), report.alerts.lines.join('\n'), JSON.stringify(await w.db.store.listAlerts())].join('\n');
    expect(everything).toContain(w.hook.url);
    expect(everything).not.toContain(SECRET);

    const retried = await retryAlerts({ store: w.db.store, subscribers: w.config.subscribers, channels }, { status: 'failed' });
    expect(retried.sent).toBe(k);
    expect(deliveryIds(w.hook).distinct).toEqual(clean.deliveries);
    expect(await snapshot(w.db.store, articleUrls)).toEqual(clean.snap);
  });

  it('an SMTP server refusing recipients or data: emails recorded as failed, retryable, none lost', { timeout: 60_000 }, async () => {
    let refuse: 'rcpt' | 'data' | null = 'rcpt';
    let accepted = 0;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuse === 'rcpt') return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 450 }));
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (refuse === 'data') return callback(Object.assign(new Error('message refused'), { responseCode: 554 }));
          accepted++;
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    closers.push(() => new Promise((resolve) => server.close(() => resolve(null))));
    const smtp = { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port };
    const w = await world();
    const config = configFor(w.hook.url, smtp);
    const channels = channelsFromConfig(config);
    closers.push(() => channels.close());

    const report = await pollCycle({ store: w.db.store, config, channels });
    const emails = report.alerts.deliveries.filter((d) => d.channel === 'email');
    expect(emails.length).toBe(clean.emails);
    expect(emails.every((d) => d.status === 'failed' && /450|busy/.test(d.error ?? ''))).toBe(true);
    expect(report.alerts.deliveries.filter((d) => d.channel === 'webhook').every((d) => d.status === 'sent')).toBe(true);

    refuse = 'data';
    const again = await retryAlerts({ store: w.db.store, subscribers: config.subscribers, channels, emailFrom: config.email!.from, emailRetry: { attempts: 1 } }, { status: 'failed' });
    expect(again.failed).toBe(clean.emails);
    expect(again.deliveries.every((d) => /554|refused/.test(d.error ?? ''))).toBe(true);

    refuse = null;
    const last = await retryAlerts({ store: w.db.store, subscribers: config.subscribers, channels, emailFrom: config.email!.from }, { status: 'failed' });
    expect(last.sent).toBe(clean.emails);
    expect(accepted).toBe(clean.emails);
    expect(await snapshot(w.db.store, articleUrls)).toEqual(clean.snap);
  });
});
