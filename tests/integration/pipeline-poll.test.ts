import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../shared/domain/config.js';
import { pollCycle, type CycleReport } from '../../shared/pipeline/poll-cycle.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import type { FeedState } from '../../shared/store/event-store.js';
import { startSampleServer, SAMPLE_FEEDS, type SampleServer } from '../../shared/local/sample-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { startSmtpSink, type SmtpSink } from '../../shared/local/smtp-sink.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const SECRET = 'test-secret';

/** The whole path on real parts: loopback feeds and pages, DynamoDB Local, a webhook endpoint, SMTP. */
describe('pollCycle over the sample feeds', () => {
  let db: TestTable;
  let feeds: SampleServer;
  let hook: WebhookReceiver;
  let smtp: SmtpSink;
  let config: Config;
  let channels: ReturnType<typeof channelsFromConfig>;
  const cycles: CycleReport[] = [];

  beforeAll(async () => {
    [db, feeds, hook, smtp] = await Promise.all([
      createTestTable('pipeline'),
      startSampleServer(),
      startWebhookReceiver({ secret: SECRET }),
      startSmtpSink(),
    ]);
    config = parseConfig({
      feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
      subscribers: [
        { name: 'hook', webhook: { url: hook.url, secret: SECRET } },
        { name: 'desk', email: 'desk@example.org', countries: ['CZ'] },
      ],
      email: { from: 'riposte@example.org', smtp: { host: smtp.host, port: smtp.port } },
      network: { allowPrivate: true },
    });
    channels = channelsFromConfig(config);
    for (const cutoff of ['2017-08-01', '2018-04-01', '2021-04-20']) {
      feeds.releaseUntil(cutoff);
      cycles.push(await pollCycle({ store: db.store, config, channels }));
    }
  }, 120_000);

  afterAll(async () => {
    await channels?.close();
    await Promise.all([db?.drop(), feeds?.close(), hook?.close(), smtp?.close()]);
  });

  it('polls every feed and reads every released article once, however many feeds list it', () => {
    for (const cycle of cycles) expect(cycle.feeds.map((f) => f.status)).toEqual(['ok', 'ok', 'ok']);
    const urls = cycles.flatMap((c) => c.articles.map((a) => a.url));
    expect(new Set(urls).size).toBe(urls.length);
    const pageRequests = feeds.requests.filter((r) => r.startsWith('GET /articles/'));
    expect(new Set(pageRequests).size).toBe(pageRequests.length);
  });

  it('stores the rounds of both directions, one event per measure', async () => {
    const ruUs = await db.store.findEvents({ expelling: 'RU', expelled: 'US' });
    const usRu = await db.store.findEvents({ expelling: 'US', expelled: 'RU' });
    expect(ruUs.length).toBeGreaterThan(0);
    expect(usRu.length).toBeGreaterThan(0);
    const sixty = ruUs.filter((e) => e.count === 60 && e.action !== 'consulate_closure');
    // Two outlets reported Russia's answer of 2018-03-29: one event, two sources.
    expect(sixty).toHaveLength(1);
    expect(sixty[0]!.sources.map((s) => s.outlet).sort()).toEqual(['sample-herald', 'sample-wire']);
  });

  it('alerts each round once, linked to the measure it answers, with a valid signature', async () => {
    const czech = await db.store.findEvents({ expelling: 'RU', expelled: 'CZ' });
    expect(czech).toHaveLength(1);
    const answer = czech[0]!;
    const prague = await db.store.findEvents({ expelling: 'CZ', expelled: 'RU' });
    expect(answer.responds_to).toEqual([prague[0]!.id]);

    const ids = hook.received.map((d) => d.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hook.received.every((d) => d.signatureValid)).toBe(true);
    const czechAlert = hook.received.find((d) => d.alert.event.id === answer.id);
    expect(czechAlert?.alert.matches[0]?.event.id).toBe(prague[0]!.id);
    expect(czechAlert?.alert.matches[0]?.reasons.length).toBeGreaterThan(0);

    // The desk follows CZ only: exactly the Czech round reaches it by email.
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toMatch(/Czech/);
  });

  it('stores nothing twice and alerts nothing twice when the poll runs again', async () => {
    const before = await db.store.findEvents({});
    const deliveries = hook.received.length;
    const again = await pollCycle({ store: db.store, config, channels });
    expect(again.feeds.every((f) => f.status === 'not_modified')).toBe(true);
    expect(again.articles).toHaveLength(0);
    expect(again.alerts.sent).toBe(0);
    const after = await db.store.findEvents({});
    expect(after).toEqual(before);
    expect(hook.received).toHaveLength(deliveries);
  });

  it('stores nothing twice, and looks up no known item, when the feeds are read again in full (no validators)', async () => {
    const before = await db.store.findEvents({});
    const forget = async (drop: (state: FeedState) => FeedState) => {
      for (const f of config.feeds) await db.store.putFeedState(drop((await db.store.getFeedState(f.url))!));
    };
    // The real store, with its article lookups counted: items the feed listed before need none.
    let lookups = 0;
    const store = Object.assign(Object.create(db.store) as typeof db.store, {
      getArticle: (url: string) => {
        lookups++;
        return db.store.getArticle(url);
      },
    });
    // Without validators, each feed answers 200 with the bytes it was last read with: unchanged by its body hash.
    await forget((state) => ({ ...state, etag: null, lastModified: null }));
    const same = await pollCycle({ store, config, channels });
    expect(same.feeds.map((f) => [f.status, f.newItems])).toEqual(config.feeds.map(() => ['not_modified', 0]));
    // Without the body hash too, each feed is parsed: its items are known by their keys.
    await forget(({ bodyHash: _dropped, ...state }) => ({ ...state, etag: null, lastModified: null }));
    const again = await pollCycle({ store, config, channels });
    expect(again.feeds.every((f) => f.status === 'ok' && f.newItems === 0)).toBe(true);
    expect(lookups).toBe(0);
    expect(await db.store.findEvents({})).toEqual(before);
  });
});

describe('pollCycle with bad input', () => {
  let db: TestTable;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await createTestTable('badinput');
    let flakyHits = 0;
    server = createServer((req, res) => {
      if (req.url === '/flaky-feed') {
        const etag = '"v1"';
        if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
        return void res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
           <item><title>Flaky</title><link>${base}/flaky-article</link><pubDate>Tue, 20 Apr 2021 10:00:00 GMT</pubDate></item>
           </channel></rss>`,
        );
      }
      if (req.url === '/flaky-article') {
        flakyHits++;
        if (flakyHits === 1) return void res.writeHead(503, { 'Content-Type': 'text/plain' }).end('busy');
        return void res
          .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
          .end('<html><head><title>Lithuania expels a Russian diplomat</title></head><body><article><h1>Lithuania expels a Russian diplomat</h1><p>Lithuania on Tuesday expelled a Russian diplomat.</p></article></body></html>');
      }
      if (req.url === '/not-xml') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Moved</body></html>');
      if (req.url === '/feed') {
        return void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
           <item><title>Gone</title><link>${base}/gone</link><pubDate>Mon, 19 Apr 2021 10:00:00 GMT</pubDate></item>
           </channel></rss>`,
        );
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await db?.drop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('records each broken feed and page with its reason and goes on', async () => {
    const config = parseConfig({
      feeds: [
        { name: 'html-page', url: `${base}/not-xml` },
        { name: 'unreachable', url: 'http://127.0.0.1:9/feed' },
        { name: 'good', url: `${base}/feed` },
      ],
      network: { allowPrivate: true },
    });
    const report = await pollCycle({ store: db.store, config, channels: {} });
    const byName = Object.fromEntries(report.feeds.map((f) => [f.name, f]));
    expect(byName['html-page']!.status).toBe('error');
    expect(byName['html-page']!.error).toMatch(/^not_a_feed: /);
    expect(byName.unreachable!.status).toBe('error');
    expect(byName.unreachable!.error).toMatch(/^connect_failed: /);
    expect(byName.good!.status).toBe('ok');

    expect(report.articles).toHaveLength(1);
    expect(report.articles[0]!.status).toBe('error');
    expect(report.articles[0]!.error).toMatch(/^http_status: .*404/);
    const recorded = await db.store.getArticle(`${base}/gone`);
    expect(recorded?.status).toBe('error');

    const states = await db.store.listFeedStates();
    expect(states.map((s) => s.status).sort()).toEqual(['error', 'error', 'ok']);
    // A recorded failure is not fetched again on the next cycle.
    const next = await pollCycle({ store: db.store, config, channels: {} });
    expect(next.articles).toHaveLength(0);
  });

  it('retries a page that failed for now on the next cycle, even when the feed is unchanged', async () => {
    const config = parseConfig({ feeds: [{ name: 'flaky', url: `${base}/flaky-feed` }], network: { allowPrivate: true } });
    const first = await pollCycle({ store: db.store, config, channels: {} });
    expect(first.articles.map((a) => a.status)).toEqual(['deferred']);
    expect(first.articles[0]!.error).toMatch(/^http_status: .*503/);
    expect(await db.store.getArticle(`${base}/flaky-article`)).toBeNull();

    const second = await pollCycle({ store: db.store, config, channels: {} });
    expect(second.feeds[0]!.status).toBe('ok'); // read in full, not a 304
    expect(second.articles.map((a) => a.status)).toEqual(['processed']);
    expect((await db.store.getArticle(`${base}/flaky-article`))?.status).toBe('processed');

    const third = await pollCycle({ store: db.store, config, channels: {} });
    expect(third.feeds[0]!.status).toBe('not_modified');
  });

  it('refuses loopback feeds when allowPrivate is off, before any request', async () => {
    const config = parseConfig({ feeds: [{ name: 'local', url: `${base}/feed` }] });
    const report = await pollCycle({ store: db.store, config, channels: {} });
    expect(report.feeds[0]!.error).toMatch(/^blocked_address: /);
  });
});

describe('parseConfig', () => {
  it('names the field of a typo and refuses the config', () => {
    expect(() => parseConfig({ feeds: [], subscribrs: [] })).toThrow(/subscribrs/);
    expect(() => parseConfig({ feeds: [{ name: 'x', url: 'not a url' }] })).toThrow(/feeds\.0\.url/);
    expect(() => parseConfig({ feeds: [], subscribers: [{ name: 'a', webhook: { url: 'https://h.example/x' } }] })).toThrow(
      /subscribers\.0\.webhook\.secret/,
    );
  });
});
