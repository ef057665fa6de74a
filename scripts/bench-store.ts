/**
 * Store benchmarks, on an in-memory DynamoDB Local started for the run:
 * - `benchPairQuery`: 10,000 events across many pairs; the median time of a pair query (goal < 200 ms).
 * - `benchUnchangedPoll`: the sample feeds polled twice with nothing new; the DynamoDB writes of the
 *   second cycle (goal 0), counted by a middleware on the client.
 *
 * Run alone: `npx tsx scripts/bench-store.ts` (prints both results as JSON lines).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { parseConfig } from '../shared/domain/config.js';
import { ACTIONS } from '../shared/domain/event.js';
import { createLocalClient, startDynamoDbLocal, type DynamoDbLocal } from '../shared/local/dynamodb-local.js';
import { SAMPLE_CYCLES, SAMPLE_FEEDS, startSampleServer } from '../shared/local/sample-server.js';
import { pollCycle } from '../shared/pipeline/poll-cycle.js';
import { buildEventItem, DynamoEventStore } from '../shared/store/dynamo-event-store.js';
import { ensureTable } from '../shared/store/table.js';

export interface PairQueryResult {
  name: 'store.pair-query';
  events: number;
  /** Events of the queried pair (both directions), i.e. what each query returns. */
  pairEvents: number;
  runs: number;
  /** Median over the timed runs, after one warm-up. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The first page of 50 of the same query (findEventsPage), median. */
  firstPageMedianMs: number;
  goalMs: number;
  ok: boolean;
}

export interface UnchangedPollResult {
  name: 'store.unchanged-poll-writes';
  feeds: number;
  /** Writes of the first cycle (the feeds read for the first time). */
  firstCycleWrites: number;
  /** Writes of the second cycle, with every feed unchanged; by operation. */
  secondCycleWrites: number;
  secondCycleByOperation: Record<string, number>;
  goal: 0;
  ok: boolean;
}

/** The operations that write to DynamoDB. */
export const WRITE_OPERATIONS = ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand'] as const;

const COUNTRIES = ['RU', 'US', 'GB', 'DE', 'FR', 'PL', 'CZ', 'LT', 'EE', 'LV', 'CN', 'AU', 'CA', 'IR', 'UA', 'NL', 'BE', 'SE', 'NO', 'FI', 'JP', 'KR', 'TR', 'IN', 'PK'];

/** Counts the write calls a client makes, by operation, from the moment it is attached. */
export function countWrites(client: DynamoDBClient): { total(): number; byOperation(): Record<string, number>; reset(): void } {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      if ((WRITE_OPERATIONS as readonly string[]).includes(operation)) counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'riposteWriteCounter' },
  );
  return {
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    byOperation: () => ({ ...counts }),
    reset: () => void (counts = {}),
  };
}

/** Deterministic pseudo-random numbers, so every run seeds the same table. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Writes `total` events over many pairs; `perDirection` of them RU→US and as many US→RU. */
export async function seedEvents(client: DynamoDBClient, tableName: string, total: number, perDirection: number): Promise<void> {
  const next = random(42);
  const stamp = '2026-01-01T00:00:00.000Z';
  const items = Array.from({ length: total }, (_, i) => {
    let expelling: string;
    let expelled: string;
    if (i < perDirection) [expelling, expelled] = ['RU', 'US'];
    else if (i < 2 * perDirection) [expelling, expelled] = ['US', 'RU'];
    else {
      do {
        expelling = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
        expelled = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
      } while (expelling === expelled || (expelling === 'RU' && expelled === 'US') || (expelling === 'US' && expelled === 'RU'));
    }
    const date = new Date(Date.UTC(2000, 0, 1) + Math.floor(next() * 9_000) * 86_400_000).toISOString().slice(0, 10);
    return buildEventItem(
      `ev_bench_${String(i).padStart(5, '0')}`,
      { expelling_country: expelling, expelled_country: expelled },
      [
        {
          url: `https://bench.example/${i}`,
          title: `Report ${i}`,
          published: date,
          outlet: 'bench',
          count: Math.floor(next() * 100),
          date,
          action: ACTIONS[Math.floor(next() * ACTIONS.length)]!,
          is_retaliation: next() < 0.5,
          new: true,
          evidence: `${expelling} orders ${Math.floor(next() * 100)} diplomats of ${expelled} to leave, in a report numbered ${i}.`,
          recordedAt: stamp,
        },
      ],
      { createdAt: stamp, updatedAt: stamp, version: 1 },
    );
  });
  const doc = DynamoDBDocumentClient.from(client);
  const limit = pLimit(8);
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending as never } }));
          pending = (result.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    ),
  );
}

async function withLocalTable<T>(use: (client: DynamoDBClient, tableName: string) => Promise<T>, endpoint?: string): Promise<T> {
  let local: DynamoDbLocal | undefined;
  if (!endpoint) local = await startDynamoDbLocal({ inMemory: true });
  const client = createLocalClient(endpoint ?? local!.endpoint);
  const tableName = `bench-${Date.now().toString(36)}`;
  try {
    await ensureTable(client, tableName);
    return await use(client, tableName);
  } finally {
    client.destroy();
    await local?.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * (a) 10,000 events over many pairs, then the pair query RU↔US (`history --country RU --with US`)
 * timed `runs` times after a warm-up. `endpoint`: use a running DynamoDB Local instead of starting one.
 */
export async function benchPairQuery(options: { total?: number; perDirection?: number; runs?: number; endpoint?: string } = {}): Promise<PairQueryResult> {
  const total = options.total ?? 10_000;
  const perDirection = options.perDirection ?? 50;
  const runs = options.runs ?? 9;
  return withLocalTable(async (client, tableName) => {
    await seedEvents(client, tableName, total, perDirection);
    const store = new DynamoEventStore({ tableName, client });
    const query = { country: 'RU', with: 'US' } as const;
    let pairEvents = (await store.findEvents(query)).length; // warm-up
    await store.findEventsPage({ ...query, limit: 50 });
    const times: number[] = [];
    const pageTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      pairEvents = (await store.findEvents(query)).length;
      times.push(performance.now() - started);
      started = performance.now();
      await store.findEventsPage({ ...query, limit: 50 });
      pageTimes.push(performance.now() - started);
    }
    const medianMs = round1(median(times));
    return {
      name: 'store.pair-query',
      events: total,
      pairEvents,
      runs,
      medianMs,
      minMs: round1(Math.min(...times)),
      maxMs: round1(Math.max(...times)),
      firstPageMedianMs: round1(median(pageTimes)),
      goalMs: 200,
      ok: medianMs < 200,
    };
  }, options.endpoint);
}

/**
 * (b) Every sample feed with all its articles released, polled twice through pollCycle; the
 * second cycle finds every feed unchanged (304). Counts the DynamoDB writes of each cycle.
 */
export async function benchUnchangedPoll(options: { endpoint?: string } = {}): Promise<UnchangedPollResult> {
  const feeds = await startSampleServer();
  try {
    return await withLocalTable(async (client, tableName) => {
      const writes = countWrites(client);
      const store = new DynamoEventStore({ tableName, client });
      feeds.releaseUntil(SAMPLE_CYCLES[SAMPLE_CYCLES.length - 1]!);
      const config = parseConfig({ feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })), network: { allowPrivate: true } });
      await pollCycle({ store, config, channels: {} });
      const firstCycleWrites = writes.total();
      writes.reset();
      await pollCycle({ store, config, channels: {} });
      const secondCycleWrites = writes.total();
      return {
        name: 'store.unchanged-poll-writes',
        feeds: config.feeds.length,
        firstCycleWrites,
        secondCycleWrites,
        secondCycleByOperation: writes.byOperation(),
        goal: 0,
        ok: secondCycleWrites === 0,
      };
    }, options.endpoint);
  } finally {
    await feeds.close();
  }
}

if (require.main === module) {
  (async () => {
    const poll = await benchUnchangedPoll();
    process.stdout.write(`${JSON.stringify(poll)}\n`);
    const pair = await benchPairQuery();
    process.stdout.write(`${JSON.stringify(pair)}\n`);
    process.exitCode = poll.ok && pair.ok ? 0 : 1;
  })().catch((error: unknown) => {
    process.stderr.write(`bench-store: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
