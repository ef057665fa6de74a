import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action, type StoredEvent } from '../../shared/domain/event.js';
import { buildEventItem } from '../../shared/store/dynamo-event-store.js';
import { InvalidCursorError, type EventQuery } from '../../shared/store/event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const COUNTRIES = ['RU', 'CZ', 'US', 'GB', 'DE', 'PL'];
const TOTAL = 240;

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
  db = await createTestTable('paging');
  const next = random(7);
  const items = Array.from({ length: TOTAL }, (_, i) => {
    let expelling: string;
    let expelled: string;
    // A third of the events are the RU↔CZ pair, so pair pages interleave both directions.
    if (i % 3 === 0) [expelling, expelled] = next() < 0.5 ? ['RU', 'CZ'] : ['CZ', 'RU'];
    else {
      do {
        expelling = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
        expelled = COUNTRIES[Math.floor(next() * COUNTRIES.length)]!;
      } while (expelling === expelled);
    }
    // Few distinct days: many events share a day, so ties are broken by id across pages.
    const date = i % 40 === 5 ? null : `20${10 + Math.floor(next() * 12)}-0${1 + Math.floor(next() * 3)}-1${Math.floor(next() * 2)}`;
    return seedItem(i, expelling, expelled, ACTIONS[Math.floor(next() * ACTIONS.length)]!, date);
  });
  // A country on both sides is in both of its streams: it must still come once.
  items.push(seedItem(TOTAL, 'RU', 'RU', 'expulsion', '2015-02-10'));

  const doc = DynamoDBDocumentClient.from(db.client);
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending as never } }));
      pending = (result.UnprocessedItems?.[db.tableName] as Record<string, unknown>[] | undefined) ?? [];
    }
  }
}, 120_000);

afterAll(() => db?.drop());

function seedItem(i: number, expelling: string, expelled: string, action: Action, date: string | null) {
  const stamp = '2026-01-01T00:00:00.000Z';
  return buildEventItem(
    `ev_page_${String((i * 7919) % 1000).padStart(3, '0')}_${i}`,
    { expelling_country: expelling, expelled_country: expelled },
    [
      {
        url: `https://paging.example/${i}`,
        title: `Report ${i}`,
        published: date,
        outlet: 'paging',
        count: i % 5 === 0 ? null : i % 50,
        date,
        action,
        is_retaliation: i % 2 === 0,
        new: true,
        evidence: `${expelling} orders diplomats of ${expelled} to leave (${i}).`,
        recordedAt: stamp,
      },
    ],
    { createdAt: stamp, updatedAt: stamp, version: 1 },
  );
}

/** Follows the cursors to the end; the page sizes cycle through `sizes`. */
async function readAllPages(query: EventQuery, sizes: number[]): Promise<{ events: StoredEvent[]; pages: number; emptyPages: number }> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let emptyPages = 0;
  do {
    const page = await db.store.findEventsPage({ ...query, limit: sizes[pages % sizes.length]!, cursor });
    pages++;
    if (page.events.length === 0) emptyPages++;
    events.push(...page.events);
    cursor = page.cursor;
    expect(pages).toBeLessThan(500);
  } while (cursor);
  return { events, pages, emptyPages };
}

describe('findEventsPage', () => {
  const queries: Array<[string, EventQuery]> = [
    ['a country on either side (two index streams merged)', { country: 'RU' }],
    ['a pair both ways (two direction streams merged)', { country: 'RU', with: 'CZ' }],
    ['a pair in a date range', { country: 'CZ', with: 'RU', since: '2013-01-01', until: '2018-12-31' }],
    ['a date range over all events', { since: '2012-02-10', until: '2016-03-11' }],
    ['an action alone', { action: 'staff_cap' }],
    ['a country with an action (filtered streams)', { country: 'RU', action: 'expulsion' }],
    ['a pair with an action and a range', { country: 'RU', with: 'CZ', action: 'persona_non_grata', since: '2011-01-01' }],
    ['one direction', { expelling: 'CZ', expelled: 'RU' }],
    ['everything', {}],
  ];

  for (const [name, query] of queries) {
    it(`gives every event once, in findEvents order, for ${name}`, async () => {
      const expected = (await db.store.findEvents(query)).map((e) => e.id);
      expect(expected.length).toBeGreaterThan(0);

      for (const sizes of [[1], [7], [3, 11, 2], [1000]]) {
        const { events, emptyPages } = await readAllPages(query, sizes);
        const ids = events.map((e) => e.id);
        expect(ids).toEqual(expected);
        expect(new Set(ids).size).toBe(ids.length);
        expect(emptyPages).toBe(0);
      }
    });
  }

  it('puts undated events last and in ranges never', async () => {
    const all = await db.store.findEvents({ country: 'RU' });
    const undated = all.filter((e) => !e.date);
    expect(undated.length).toBeGreaterThan(0);
    expect(all.slice(-undated.length).every((e) => !e.date)).toBe(true);
    const { events } = await readAllPages({ country: 'RU', since: '2000-01-01' }, [9]);
    expect(events.every((e) => e.date)).toBe(true);
  });

  it('returns an empty page and no cursor when nothing matches', async () => {
    expect(await db.store.findEventsPage({ country: 'NZ', limit: 10 })).toEqual({ events: [], cursor: null });
  });

  it('returns no cursor on a page that holds the last event', async () => {
    const total = (await db.store.findEvents({ country: 'RU', with: 'CZ' })).length;
    const page = await db.store.findEventsPage({ country: 'RU', with: 'CZ', limit: total });
    expect(page.events).toHaveLength(total);
    expect(page.cursor).toBeNull();
  });

  it('refuses a cursor of another query, an altered cursor and garbage', async () => {
    const first = await db.store.findEventsPage({ country: 'RU', limit: 5 });
    expect(first.cursor).toEqual(expect.any(String));
    const cursor = first.cursor!;
    await expect(db.store.findEventsPage({ country: 'CZ', limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(db.store.findEventsPage({ country: 'RU', action: 'expulsion', limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);

    const [body, mac] = cursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    decoded.p[0] = { pk: 'EVENT#x', sk: 'EVENT', gsi1pk: 'C#US', gsi1sk: '2020-01-01#x' };
    const forged = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${mac}`;
    await expect(db.store.findEventsPage({ country: 'RU', limit: 5, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
    for (const garbage of ['x', 'a.b', `${cursor}x`, 'a'.repeat(5000), `${body}.${mac}.more`]) {
      await expect(db.store.findEventsPage({ country: 'RU', limit: 5, cursor: garbage })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it('keeps the page size free between pages of one query', async () => {
    const expected = (await db.store.findEvents({ country: 'CZ' })).map((e) => e.id);
    const first = await db.store.findEventsPage({ country: 'CZ', limit: 4 });
    const second = await db.store.findEventsPage({ country: 'CZ', limit: 9, cursor: first.cursor });
    expect([...first.events, ...second.events].map((e) => e.id)).toEqual(expected.slice(0, 13));
  });

  it('refuses a page size outside 1..1000', async () => {
    for (const limit of [0, -1, 1.5, 1001]) await expect(db.store.findEventsPage({ limit })).rejects.toThrow(RangeError);
  });
});
