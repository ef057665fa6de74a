/**
 * Scale bench: 1,000 feeds (each on its own host name, all served from one loopback server through
 * the fetch layer's injectable resolver) polled twice through pollCycle on an in-memory DynamoDB
 * Local. The second cycle finds every feed unchanged (304); its time (goal <= 10 s) and its
 * DynamoDB writes (goal 0) are the result.
 *
 * Run alone: `npx tsx scripts/bench-scale.ts [--feeds N]` (prints the result as one JSON line).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../shared/domain/config.js';
import { createLocalClient, startDynamoDbLocal } from '../shared/local/dynamodb-local.js';
import { pollCycle } from '../shared/pipeline/poll-cycle.js';
import { DynamoEventStore } from '../shared/store/dynamo-event-store.js';
import { ensureTable } from '../shared/store/table.js';
import { countWrites } from './bench-store.js';

export interface ScaleResult {
  name: 'poll.unchanged-cycle-at-scale';
  feeds: number;
  itemsPerFeed: number;
  firstCycleMs: number;
  /** The second cycle, every feed unchanged. */
  secondCycleMs: number;
  secondCycleWrites: number;
  secondCycleFeedStatuses: Record<string, number>;
  goalMs: 10_000;
  ok: boolean;
}

/** Polls `feeds` loopback feeds twice; times and counts the writes of the second, unchanged cycle. */
export async function benchScale(options: { feeds?: number; itemsPerFeed?: number; endpoint?: string } = {}): Promise<ScaleResult> {
  const feedCount = options.feeds ?? 1_000;
  const itemsPerFeed = options.itemsPerFeed ?? 2;
  const server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    if (req.url === '/feed.xml') {
      const etag = `"${host}-v1"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      const items = Array.from({ length: itemsPerFeed }, (_, i) =>
        `<item><title>Story ${i} of ${host}</title><link>http://${host}:${port}/story/${i}</link><pubDate>Tue, 20 Apr 2021 1${i % 10}:00:00 GMT</pubDate></item>`,
      ).join('');
      return void res.writeHead(200, { 'Content-Type': 'application/rss+xml', ETag: etag }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>${host}</title>${items}</channel></rss>`);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<html><head><title>A quiet day</title></head><body><article><h1>A quiet day</h1><p>Markets were calm on ${host}.</p></article></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const local = options.endpoint ? null : await startDynamoDbLocal({ inMemory: true });
  const client = createLocalClient(options.endpoint ?? local!.endpoint);
  const tableName = `bench-scale-${Date.now().toString(36)}`;
  try {
    await ensureTable(client, tableName);
    const writes = countWrites(client);
    const store = new DynamoEventStore({ tableName, client });
    const config = parseConfig({
      feeds: Array.from({ length: feedCount }, (_, i) => ({ name: `feed-${i}`, url: `http://feed-${i}.bench.test:${port}/feed.xml` })),
      network: { allowPrivate: true },
    });
    // Every *.bench.test name is the loopback server: 1,000 hosts, as 1,000 outlets would be.
    const network = { resolve: async () => [{ address: '127.0.0.1', family: 4 as const }] };
    let started = performance.now();
    await pollCycle({ store, config, channels: {}, network });
    const firstCycleMs = performance.now() - started;
    writes.reset();
    started = performance.now();
    const second = await pollCycle({ store, config, channels: {}, network });
    const secondCycleMs = performance.now() - started;
    const statuses: Record<string, number> = {};
    for (const feed of second.feeds) statuses[feed.status] = (statuses[feed.status] ?? 0) + 1;
    return {
      name: 'poll.unchanged-cycle-at-scale',
      feeds: feedCount,
      itemsPerFeed,
      firstCycleMs: Math.round(firstCycleMs),
      secondCycleMs: Math.round(secondCycleMs),
      secondCycleWrites: writes.total(),
      secondCycleFeedStatuses: statuses,
      goalMs: 10_000,
      ok: secondCycleMs <= 10_000 && writes.total() === 0,
    };
  } finally {
    client.destroy();
    await local?.stop();
    await new Promise((resolve) => server.close(resolve));
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--feeds');
  benchScale({ feeds: at > 0 ? Number(process.argv[at + 1]) : undefined })
    .then((result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exitCode = result.ok ? 0 : 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench-scale: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
