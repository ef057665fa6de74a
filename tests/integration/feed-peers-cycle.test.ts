import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/domain/config.js';
import { pollCycle, type CycleReport } from '../../shared/pipeline/poll-cycle.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

/**
 * Every peer feed document (rss-parser's inputs, feedparser's documents, with the Content-Type
 * its index gives) served from loopback and polled in ONE cycle, as a user's config of ~160 feeds.
 * Checked at feed level: the articles they link to are on real internet hosts, which this test
 * refuses at name resolution (dns_failed, deferred) so that nothing leaves the machine and the
 * cycle stays fast. Skips, and says so, without the team folder's peers/feeds.
 */
const peersDir = process.env['RIPOSTE_PEER_FEEDS'] ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'peers', 'feeds');
const rssParserDir = path.join(peersDir, 'rss-parser');
const feedparserDir = path.join(peersDir, 'feedparser');
const present = existsSync(path.join(rssParserDir, 'input')) && existsSync(path.join(feedparserDir, 'index.json'));
const suite = present ? describe : describe.skip;
const title = present
  ? 'one poll cycle over every peer feed'
  : 'one poll cycle over every peer feed (SKIPPED: peers/feeds not found beside the checkout; set RIPOSTE_PEER_FEEDS)';

const FEED_HOST = 'peers.test';

interface Served {
  name: string;
  path: string;
  file: string;
  contentType: string;
  suite: 'rss-parser' | 'feedparser';
}

function servedFeeds(): Served[] {
  const list: Served[] = [];
  for (const file of readdirSync(path.join(rssParserDir, 'input')).sort()) {
    // As rss-parser's own test reads them: encoding.rss as Latin-1, the rest as they are.
    const contentType = file === 'encoding.rss' ? 'application/rss+xml; charset=latin1' : 'application/xml';
    list.push({ name: `rss-parser/${file}`, path: `/rss-parser/${file}`, file: path.join(rssParserDir, 'input', file), contentType, suite: 'rss-parser' });
  }
  const rows = (JSON.parse(readFileSync(path.join(feedparserDir, 'index.json'), 'utf8')) as { files: Array<{ file: string; http_headers: Record<string, string> | null }> }).files;
  for (const row of rows) {
    const headers = row.http_headers ?? {};
    const header = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
    list.push({
      name: `feedparser/${row.file}`,
      path: `/feedparser/${row.file}`,
      file: path.join(feedparserDir, row.file),
      contentType: header ? headers[header]! : 'application/xml',
      suite: 'feedparser',
    });
  }
  return list;
}

const figures: string[] = [];
afterAll(() => {
  if (figures.length) console.log(`\nPeer feeds in one cycle:\n  ${figures.join('\n  ')}\n`);
});

suite(title, () => {
  let db: TestTable;
  let server: Server;
  let feeds: Served[] = [];
  let report: CycleReport;
  let cycleMs = 0;

  beforeAll(async () => {
    db = await createTestTable('peer-cycle');
    feeds = servedFeeds();
    const byPath = new Map(feeds.map((f) => [f.path, f]));
    server = createServer((req, res) => {
      const feed = byPath.get(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (!feed) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      res.writeHead(200, { 'Content-Type': feed.contentType }).end(readFileSync(feed.file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as AddressInfo).port;
    const config = parseConfig({
      feeds: feeds.map((f) => ({ name: f.name, url: `http://${FEED_HOST}:${port}${f.path.split('/').map(encodeURIComponent).join('/')}` })),
      network: { allowPrivate: true },
    });
    const network = {
      resolve: async (hostname: string) => {
        if (hostname === FEED_HOST) return [{ address: '127.0.0.1', family: 4 as const }];
        throw Object.assign(new Error(`no network in this test (${hostname})`), { code: 'ENOTFOUND' });
      },
    };
    const started = performance.now();
    // No politeness delay: every feed is on one test host, and every article fails at resolution.
    report = await pollCycle({ store: db.store, config, channels: {}, network, politeness: { delayMs: 0 } });
    cycleMs = performance.now() - started;
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
    await new Promise((resolve) => (server ? (server.closeAllConnections(), server.close(resolve)) : resolve(null)));
  });

  it('ends without throwing; every feed is ok or an error with a named reason, in the `riposte feeds --json` shape', async () => {
    expect(report.feeds).toHaveLength(feeds.length);
    const states = await db.store.listFeedStates();
    expect(states).toHaveLength(feeds.length);
    for (const state of states) {
      const row = { name: state.name, url: state.url, status: state.status, error: state.error, items: state.items, lastPolledAt: state.lastPolledAt };
      expect(['ok', 'error']).toContain(row.status);
      if (row.status === 'error') expect(row.error, row.name).toMatch(/^[a-z_]+: \S/);
      else expect(row.error).toBeNull();
      expect(Number.isInteger(row.items) && row.items >= 0).toBe(true);
      expect(Number.isNaN(Date.parse(row.lastPolledAt!))).toBe(false);
    }
    // No article reached the network: they wait, deferred, for a cycle that can resolve them; relative
    // links land on the test server, which answers 404 at once (recorded as an error).
    const reached = report.articles.filter(
      (a) => !(a.status === 'deferred' && a.error!.startsWith('dns_failed: ')) && !(new URL(a.url).hostname === FEED_HOST && /^http_status: HTTP 404/.test(a.error ?? '')),
    );
    expect(reached.map((a) => `${a.url} ${a.status} ${a.error}`)).toEqual([]);
    const ok = report.feeds.filter((f) => f.status === 'ok').length;
    const codes = new Map<string, number>();
    for (const f of report.feeds.filter((f) => f.status === 'error')) codes.set(f.error!.split(':')[0]!, (codes.get(f.error!.split(':')[0]!) ?? 0) + 1);
    figures.push(
      `${feeds.length} feeds in ${(cycleMs / 1000).toFixed(1)} s: ${ok} ok, ${feeds.length - ok} error (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')}); ` +
        `${report.articles.length} linked articles deferred at name resolution`,
    );
  });

  it("reads at least 95% of feedparser's well-formed documents", () => {
    const wellformed = feeds.filter((f) => f.name.startsWith('feedparser/wellformed/'));
    const outcomes = new Map(report.feeds.map((f) => [f.name, f]));
    const failing = wellformed.filter((f) => outcomes.get(f.name)?.status !== 'ok');
    const share = (wellformed.length - failing.length) / wellformed.length;
    figures.push(
      `feedparser wellformed/: ${wellformed.length - failing.length}/${wellformed.length} ok (${(share * 100).toFixed(1)}%)` +
        (failing.length ? `; failing: ${failing.map((f) => `${f.name} (${outcomes.get(f.name)?.error})`).join(', ')}` : ''),
    );
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  it("gives the item counts of rss-parser's expected output for its feeds with a golden file", () => {
    const base = 'https://peer.example/feed.xml';
    let compared = 0;
    for (const feed of feeds.filter((f) => f.suite === 'rss-parser')) {
      const golden = path.join(rssParserDir, 'output', path.basename(feed.file).replace(/\.(rss|atom)$/, '.json'));
      if (!existsSync(golden)) continue;
      const expected = (JSON.parse(readFileSync(golden, feed.name.endsWith('encoding.rss') ? 'latin1' : 'utf8')) as { feed: { items: Array<{ link?: unknown }> } }).feed.items
        .filter((item) => typeof item.link === 'string' && /^https?:/.test(new URL(item.link.trim(), base).href)).length;
      const outcome = report.feeds.find((f) => f.name === feed.name)!;
      expect(outcome.status, `${feed.name}: ${outcome.error}`).toBe('ok');
      expect(outcome.items, feed.name).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});
