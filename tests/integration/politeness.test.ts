import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/domain/config.js';
import { retryAfterDate, MAX_RETRY_AFTER_MS } from '../../shared/fetch/index.js';
import { pollCycle, LOCAL_POLL_EVERY_MINUTES } from '../../shared/pipeline/poll-cycle.js';
import { planCycle } from '../../shared/pipeline/plan-cycle.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

/** Every *.test name is this loopback server, through the fetch layer's injectable resolver. */
const network = {
  resolve: async (hostname: string) => {
    lookups.push({ hostname, at: performance.now() });
    return [{ address: '127.0.0.1', family: 4 as const }];
  },
};
/** When each connection was opened, on the client side (the server shares this busy event loop). */
const lookups: Array<{ hostname: string; at: number }> = [];

const page = (title: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>Nothing about diplomats here.</p></article></body></html>`;
const rss = (links: string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${links
    .map((link, i) => `<item><title>Item ${i}</title><link>${link}</link><pubDate>Tue, 20 Apr 2021 10:0${i}:00 GMT</pubDate></item>`)
    .join('')}</channel></rss>`;

describe('network politeness in the poll cycle', () => {
  let db: TestTable;
  let server: Server;
  let port = 0;
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(404).end();
  const log: Array<{ host: string; path: string; start: number; end: number }> = [];

  beforeAll(async () => {
    db = await createTestTable('politeness');
    server = createServer((req, res) => {
      const entry = { host: (req.headers.host ?? '').split(':')[0]!, path: req.url ?? '', start: Date.now(), end: 0 };
      log.push(entry);
      res.on('finish', () => (entry.end = Date.now()));
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await db?.drop();
    await new Promise((resolve) => (server ? (server.closeAllConnections(), server.close(resolve)) : resolve(null)));
  });

  const url = (host: string, path: string) => `http://${host}:${port}${path}`;

  it('keeps at most 2 requests in flight per host, their starts at least the delay apart; other hosts are not held up', async () => {
    log.length = 0;
    lookups.length = 0;
    const slowLinks = [1, 2, 3, 4, 5, 6].map((n) => url('slow.test', `/a/${n}`));
    handler = (req, res) => {
      if (req.url === '/feed') return void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(req.headers.host!.startsWith('slow') ? slowLinks : [url('other.test', '/b/1')]));
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(req.url!)), 150);
    };
    const config = parseConfig({
      feeds: [
        { name: 'slow', url: url('slow.test', '/feed') },
        { name: 'other', url: url('other.test', '/feed') },
      ],
      network: { allowPrivate: true },
    });
    const report = await pollCycle({ store: db.store, config, channels: {}, network, politeness: { perHost: 2, delayMs: 100 } });
    expect(report.articles.filter((a) => a.status === 'processed')).toHaveLength(7);

    const slow = log.filter((r) => r.host === 'slow.test').sort((a, b) => a.start - b.start);
    expect(slow).toHaveLength(7); // the feed and its six pages
    const opened = lookups.filter((l) => l.hostname === 'slow.test').map((l) => l.at);
    expect(opened).toHaveLength(7);
    const gaps = opened.slice(1).map((at, i) => Math.round(at - opened[i]!));
    // The gate spaces its starts by 100 ms; the socket's lookup follows a start after some event-loop
    // lag (page extraction runs on the same thread), so single gaps are allowed some slack.
    expect(Math.min(...gaps), `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(60);
    expect(opened[opened.length - 1]! - opened[0]!).toBeGreaterThanOrEqual(6 * 100 - 20);
    const maxInFlight = Math.max(...slow.map((r) => slow.filter((o) => o.start <= r.start && o.end > r.start).length));
    expect(maxInFlight).toBeLessThanOrEqual(2);
    const otherPage = log.find((r) => r.host === 'other.test' && r.path === '/b/1')!;
    expect(otherPage.start).toBeLessThan(slow[slow.length - 1]!.start);
  });

  it('honours a feed\'s Retry-After: recorded in its state, the feed is not polled until then', async () => {
    log.length = 0;
    let answered429 = 0;
    handler = (req, res) => {
      if (req.url === '/busy-feed' && answered429 === 0) {
        answered429++;
        return void res.writeHead(429, { 'Retry-After': '120' }).end('slow down');
      }
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss([]));
    };
    const feedUrl = url('busy.test', '/busy-feed');
    const config = parseConfig({ feeds: [{ name: 'busy', url: feedUrl }], network: { allowPrivate: true } });
    const t0 = new Date();
    const first = await pollCycle({ store: db.store, config, channels: {}, network, clock: () => t0 });
    expect(first.feeds[0]!.status).toBe('error');
    expect(first.feeds[0]!.error).toMatch(/^rate_limited: retry after \d{4}-\d\d-\d\dT/);
    const state = (await db.store.getFeedState(feedUrl))!;
    expect(Date.parse(state.retryAfter!) - Date.now()).toBeGreaterThan(100_000);
    expect(state.consecutiveFailures).toBe(0); // being asked to wait is not a failure

    const soon = new Date(t0.getTime() + 60_000);
    const second = await pollCycle({ store: db.store, config, channels: {}, network, clock: () => soon });
    expect(second.feeds[0]!.status).toBe('skipped');
    expect(second.feeds[0]!.error).toMatch(/^rate_limited: retry after .*not polled/);
    expect(log.filter((r) => r.path === '/busy-feed')).toHaveLength(1);
    // The scheduled path reads the same state and leaves the feed out too.
    const plan = await planCycle({ store: db.store, config, everyMinutes: 1, clock: () => soon });
    expect(plan.due).toHaveLength(0);

    const later = new Date(Date.parse(state.retryAfter!) + 1_000);
    const third = await pollCycle({ store: db.store, config, channels: {}, network, clock: () => later });
    expect(third.feeds[0]!.status).toBe('ok');
    expect((await db.store.getFeedState(feedUrl))!.retryAfter).toBeUndefined();
  });

  it('defers an article answered 503 with Retry-After, and does not ask that host again in the cycle', async () => {
    log.length = 0;
    const links = [1, 2, 3].map((n) => url('pages.test', `/p/${n}`));
    handler = (req, res) => {
      if (req.url === '/feed') return void res.writeHead(200, { 'Content-Type': 'application/rss+xml' }).end(rss(links));
      res.writeHead(503, { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() }).end('maintenance');
    };
    const config = parseConfig({ feeds: [{ name: 'pages', url: url('pages.test', '/feed') }], network: { allowPrivate: true } });
    const report = await pollCycle({ store: db.store, config, channels: {}, network, politeness: { perHost: 1, delayMs: 0 } });
    expect(report.articles.map((a) => a.status)).toEqual(['deferred', 'deferred', 'deferred']);
    expect(report.articles.every((a) => /^rate_limited: retry after /.test(a.error!))).toBe(true);
    expect(log.filter((r) => r.path.startsWith('/p/'))).toHaveLength(1);
    for (const link of links) expect(await db.store.getArticle(link)).toBeNull();
  });

  it('rests a feed that keeps failing, by the same rule as the scheduled path', async () => {
    handler = (_req, res) => void res.writeHead(500).end('broken');
    const feedUrl = url('dead.test', '/feed');
    const config = parseConfig({ feeds: [{ name: 'dead', url: feedUrl }], network: { allowPrivate: true } });
    let now = Date.parse('2030-01-01T00:00:00Z');
    const clock = () => new Date(now);
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) {
      const report = await pollCycle({ store: db.store, config, channels: {}, network, clock });
      statuses.push(report.feeds[0]!.status);
      now += 60_000; // a cycle a minute
    }
    // First failure: polled again next cycle; the second sets a rest of 1.5 intervals.
    expect(statuses).toEqual(['error', 'error', 'skipped', 'skipped']);
    const state = (await db.store.getFeedState(feedUrl))!;
    expect(state.consecutiveFailures).toBe(2);
    const restEnds = Date.parse(state.lastPolledAt!) + 1.5 * LOCAL_POLL_EVERY_MINUTES * 60_000;
    const plan = await planCycle({ store: db.store, config, everyMinutes: LOCAL_POLL_EVERY_MINUTES, clock });
    expect(plan.resting[0]?.dueAt).toBe(new Date(restEnds).toISOString());
    now = restEnds;
    expect((await pollCycle({ store: db.store, config, channels: {}, network, clock })).feeds[0]!.status).toBe('error');
  });
});

describe('retryAfterDate', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('reads seconds and HTTP dates, caps hostile values and ignores garbage', () => {
    expect(retryAfterDate('30', now)?.toISOString()).toBe('2026-03-01T12:00:30.000Z');
    expect(retryAfterDate('Sun, 01 Mar 2026 12:05:00 GMT', now)?.toISOString()).toBe('2026-03-01T12:05:00.000Z');
    expect(retryAfterDate('99999999999', now)!.getTime() - now.getTime()).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterDate('Sun, 01 Mar 2020 12:05:00 GMT', now)?.toISOString()).toBe(now.toISOString());
    for (const bad of [undefined, '', 'soon', '-5', '1e3']) expect(retryAfterDate(bad, now)).toBeNull();
  });
});
