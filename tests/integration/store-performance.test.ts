import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../shared/domain/event.js';
import { buildEventItem } from '../../shared/store/dynamo-event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const TOTAL = 10_000;
/**
 * The pair's share of the table. A real dyad has tens of events; 100 each way is generous. The time
 * grows with the events returned, not with the table: DynamoDB Local spends about 0.2-0.4 ms per
 * returned item on this kind of machine (a 600-event dyad took 150-380 ms, a count-only query of
 * the same 600 items 110-190 ms).
 */
const PER_DIRECTION = 100;
const COUNTRIES = ['RU', 'US', 'GB', 'DE', 'FR', 'PL', 'CZ', 'LT', 'EE', 'LV', 'CN', 'AU', 'CA', 'IR', 'UA'];

let db: TestTable;

/** Deterministic pseudo-random numbers, so every run seeds the same table. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

beforeAll(async () => {
  db = await createTestTable('perf');
  const next = random(42);
  const day = (i: number) => new Date(Date.UTC(2000, 0, 1) + Math.floor(next() * 9_000) * 86_400_000 + i).toISOString().slice(0, 10);
  const items = Array.from({ length: TOTAL }, (_, i) => {
    let expelling: string;
    let expelled: string;
    if (i < PER_DIRECTION) [expelling, expelled] = ['RU', 'US'];
    else if (i < 2 * PER_DIRECTION) [expelling, expelled] = ['US', 'RU'];
    else {
      do {
        expelling = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
        expelled = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
      } while (expelling === expelled || (expelling === 'RU' && expelled === 'US') || (expelling === 'US' && expelled === 'RU'));
    }
    const date = day(i);
    const url = `https://perf.example/${i}`;
    return buildEventItem(`ev_perf_${String(i).padStart(5, '0')}`, { expelling_country: expelling, expelled_country: expelled }, [
      {
        url,
        title: `Report ${i}`,
        published: date,
        outlet: 'perf',
        count: Math.floor(next() * 100),
        date,
        action: ACTIONS[Math.floor(next() * ACTIONS.length)]!,
        is_retaliation: next() < 0.5,
        new: true,
        evidence: `${expelling} orders diplomats of ${expelled} to leave, report ${i}.`,
        recordedAt: '2026-01-01T00:00:00.000Z',
      },
    ], { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 });
  });

  const doc = DynamoDBDocumentClient.from(db.client);
  const limit = pLimit(8);
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const result = await doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending as never } }));
          pending = (result.UnprocessedItems?.[db.tableName] as Record<string, unknown>[] | undefined) ?? [];
        }
      }),
    ),
  );
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe(`findEvents over ${TOTAL} events`, () => {
  it('answers a pair query (both ways) in under 200 ms', async () => {
    await db.store.findEvents({ country: 'RU', with: 'US' }); // warm-up
    const runs: number[] = [];
    let found = 0;
    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(() => db.store.findEvents({ country: 'RU', with: 'US' }));
      found = result.length;
      runs.push(ms);
    }
    runs.sort((a, b) => a - b);
    const median = runs[2]!;
    console.info(`pair query: ${found} events, median ${median.toFixed(1)} ms (runs ${runs.map((r) => r.toFixed(0)).join(', ')} ms)`);

    expect(found).toBe(2 * PER_DIRECTION);
    expect(median).toBeLessThan(200);
  });

  it('answers a pair query limited to the newest 20 in under 200 ms', async () => {
    const { result, ms } = await timed(() => db.store.findEvents({ country: 'US', with: 'RU', limit: 20 }));
    console.info(`pair query, limit 20: ${result.length} events in ${ms.toFixed(1)} ms`);

    expect(result).toHaveLength(20);
    const all = await db.store.findEvents({ country: 'US', with: 'RU' });
    expect(result.map((e) => e.id)).toEqual(all.slice(0, 20).map((e) => e.id));
    expect(ms).toBeLessThan(200);
  });

  it('answers a one-direction query with a date range in under 200 ms', async () => {
    await db.store.findEvents({ expelling: 'RU', expelled: 'US', since: '2010-01-01', until: '2014-12-31' });
    const { result, ms } = await timed(() => db.store.findEvents({ expelling: 'RU', expelled: 'US', since: '2010-01-01', until: '2014-12-31' }));
    console.info(`direction + range query: ${result.length} events in ${ms.toFixed(1)} ms`);

    expect(result.every((e) => e.expelling_country === 'RU' && e.date! >= '2010-01-01' && e.date! <= '2014-12-31')).toBe(true);
    expect(ms).toBeLessThan(200);
  });
});
