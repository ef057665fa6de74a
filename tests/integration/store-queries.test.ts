import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, ExtractedEvent } from '../../shared/domain/event.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

/** [expelling, expelled, action, date, published]: a small history to query. */
const HISTORY: Array<[string, string, Action, string | null, string | null]> = [
  ['RU', 'US', 'staff_cap', '2017-07-30', '2017-07-30'],
  ['US', 'RU', 'consulate_closure', '2017-08-31', '2017-08-31'],
  ['GB', 'RU', 'expulsion', '2018-03-14', '2018-03-14'],
  ['RU', 'GB', 'expulsion', '2018-03-17', '2018-03-17'],
  ['US', 'RU', 'expulsion', '2018-03-26', '2018-03-26'],
  ['DE', 'RU', 'expulsion', '2018-03-26', '2018-03-26'],
  ['RU', 'US', 'expulsion', '2018-03-29', '2018-03-29'],
  ['RU', 'DE', 'expulsion', '2018-03-30', '2018-03-30'],
  ['CZ', 'RU', 'expulsion', '2021-04-17', '2021-04-17'],
  ['RU', 'CZ', 'expulsion', '2021-04-18', '2021-04-18'],
  ['RU', 'GB', 'ambassador_expulsion', null, null],
];

let db: TestTable;
const commands: Array<{ name: string; index?: string }> = [];
const ids = new Map<string, string>();
const label = (e: { expelling_country: string; expelled_country: string; action: string }) => `${e.expelling_country}>${e.expelled_country} ${e.action}`;

beforeAll(async () => {
  db = await createTestTable('queries');
  for (const [expelling, expelled, action, date, published] of HISTORY) {
    const event: ExtractedEvent = { expelling_country: expelling, expelled_country: expelled, action, date, count: 10, is_retaliation: false, new: true, evidence: `${expelling} acts against ${expelled}` };
    const { event: stored } = await db.store.saveEvent(event, { url: `https://q.example/${expelling}-${expelled}-${action}`, title: null, published, outlet: 'q' });
    ids.set(label(stored), stored.id);
  }
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push({ name: context.commandName ?? '?', index: (args.input as { IndexName?: string }).IndexName });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => {
  await db?.drop();
});

async function find(query: Parameters<TestTable['store']['findEvents']>[0]): Promise<string[]> {
  commands.length = 0;
  return (await db.store.findEvents(query)).map(label);
}

describe('DynamoEventStore.findEvents', () => {
  it('lists every event newest first, undated last, without a Scan', async () => {
    const all = await find({});
    expect(all).toHaveLength(HISTORY.length);
    expect(all[0]).toBe('RU>CZ expulsion');
    expect(all.at(-1)).toBe('RU>GB ambassador_expulsion');
    expect(commands).toEqual([{ name: 'QueryCommand', index: 'ByType' }]);
  });

  it('finds a country on either side through the two country indexes', async () => {
    expect(await find({ country: 'GB' })).toEqual(['RU>GB expulsion', 'GB>RU expulsion', 'RU>GB ambassador_expulsion']);
    expect(commands.map((c) => c.index).sort()).toEqual(['ByExpelled', 'ByExpelling']);
  });

  it('finds the dyad both ways with --with', async () => {
    expect(await find({ country: 'US', with: 'RU' })).toEqual(['RU>US expulsion', 'US>RU expulsion', 'US>RU consulate_closure', 'RU>US staff_cap']);
    expect(commands.map((c) => c.index)).toEqual(['ByDirection', 'ByDirection']);
  });

  it('finds one direction', async () => {
    expect(await find({ expelling: 'US', expelled: 'RU' })).toEqual(['US>RU expulsion', 'US>RU consulate_closure']);
    expect(await find({ expelling: 'DE' })).toEqual(['DE>RU expulsion']);
    expect(await find({ expelled: 'DE' })).toEqual(['RU>DE expulsion']);
    expect(await find({ expelling: 'RU', expelled: 'FR' })).toEqual([]);
  });

  it('bounds the effective date, inclusively, and leaves undated events out of any bound', async () => {
    const window = await find({ since: '2018-03-26', until: '2018-03-29' });
    // Same-day events come in a stable but arbitrary order (by id).
    expect(window[0]).toBe('RU>US expulsion');
    expect(window.slice(1).sort()).toEqual(['DE>RU expulsion', 'US>RU expulsion']);
    expect(await find({ country: 'GB', until: '2018-03-16' })).toEqual(['GB>RU expulsion']);
    expect(await find({ country: 'CZ', since: '2021-04-18' })).toEqual(['RU>CZ expulsion']);
  });

  it('filters by action, alone through its index, or together with a country', async () => {
    expect(await find({ action: 'staff_cap' })).toEqual(['RU>US staff_cap']);
    expect(commands).toEqual([{ name: 'QueryCommand', index: 'ByAction' }]);
    expect(await find({ country: 'RU', action: 'consulate_closure' })).toEqual(['US>RU consulate_closure']);
    expect(await find({ country: 'GB', with: 'RU', action: 'ambassador_expulsion' })).toEqual(['RU>GB ambassador_expulsion']);
  });

  it('combines a country with a direction', async () => {
    expect(await find({ country: 'RU', expelling: 'RU' })).toEqual(['RU>CZ expulsion', 'RU>DE expulsion', 'RU>US expulsion', 'RU>GB expulsion', 'RU>US staff_cap', 'RU>GB ambassador_expulsion']);
  });

  it('returns at most `limit` events, the newest', async () => {
    expect(await find({ country: 'RU', limit: 2 })).toEqual(['RU>CZ expulsion', 'CZ>RU expulsion']);
  });

  it('returns stored events with their sources', async () => {
    const [event] = await db.store.findEvents({ expelling: 'CZ', expelled: 'RU' });
    expect(event).toMatchObject({ id: ids.get('CZ>RU expulsion'), sources: [{ url: 'https://q.example/CZ-RU-expulsion', outlet: 'q' }], responds_to: [] });
  });
});
