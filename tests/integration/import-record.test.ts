import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/event.js';
import { DEFAULT_RECORD_FILE } from '../../shared/local/record/index.js';
import { RecordError, importRecord, loadRecordFile, parseRecord, type ImportRecordResult } from '../../shared/pipeline/import-record.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const find = (events: StoredEvent[], expelling: string, expelled: string, date: string, action = 'expulsion'): StoredEvent => {
  const event = events.find((e) => e.expelling_country === expelling && e.expelled_country === expelled && e.date === date && e.action === action);
  if (!event) throw new Error(`no stored event ${expelling}→${expelled} ${action} ${date}`);
  return event;
};
const byId = (events: StoredEvent[]) => [...events].sort((a, b) => a.id.localeCompare(b.id));

describe('importRecord with the shipped record', () => {
  let db: TestTable;
  let record: unknown;
  let total: number;
  let first: ImportRecordResult;
  let afterFirst: StoredEvent[];
  const progress: Array<[number, number]> = [];

  beforeAll(async () => {
    db = await createTestTable('record');
    record = await loadRecordFile(DEFAULT_RECORD_FILE);
    total = parseRecord(record).length;
    first = await importRecord(db.store, record, { onProgress: (done, all) => progress.push([done, all]) });
    afterFirst = await db.store.findEvents({});
  }, 300_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('stores one event per entry and counts the rounds it links', () => {
    expect(first).toMatchObject({ total, created: total, merged: 0, duplicate: 0 });
    expect(first.rounds).toBeGreaterThan(100);
    expect(afterFirst).toHaveLength(total);
    expect(progress).toHaveLength(total);
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it("links Russia's 2018 answer to the US expulsion of 60", () => {
    const usExpels60 = find(afterFirst, 'US', 'RU', '2018-03-26');
    const russiaAnswers = find(afterFirst, 'RU', 'US', '2018-03-29');
    expect(usExpels60.count).toBe(60);
    expect(russiaAnswers.count).toBe(60);
    expect(russiaAnswers.responds_to).toContain(usExpels60.id);
    expect(usExpels60.responds_to).not.toContain(russiaAnswers.id);
  });

  it('links rounds beyond Russia, and the recorded sources', () => {
    const uaeExpels = find(afterFirst, 'AE', 'SD', '2023-12-09', 'persona_non_grata');
    const sudanAnswers = find(afterFirst, 'SD', 'AE', '2023-12-10', 'persona_non_grata');
    expect(sudanAnswers.responds_to).toContain(uaeExpels.id);
    expect(sudanAnswers.sources[0]).toMatchObject({ outlet: 'Wikipedia' });
    expect(sudanAnswers.sources[0]!.url).toMatch(/^https:\/\/en\.wikipedia\.org\/wiki\//);
  });

  it('alerts nobody: the record is history', async () => {
    expect(await db.store.listAlerts()).toEqual([]);
  });

  it('changes nothing when imported a second time', async () => {
    const second = await importRecord(db.store, record);
    expect(second).toEqual({ total, created: 0, merged: 0, duplicate: total, rounds: 0 });
    expect(byId(await db.store.findEvents({}))).toEqual(byId(afterFirst));
  }, 300_000);
});

describe('importRecord with a broken record', () => {
  let db: TestTable;
  let dir: string;
  beforeAll(async () => {
    db = await createTestTable('record-broken');
    dir = await mkdtemp(path.join(tmpdir(), 'riposte-record-'));
  });
  afterAll(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const entry = (overrides: Record<string, unknown> = {}) => ({
    expelling_country: 'GB',
    expelled_country: 'RU',
    count: 23,
    action: 'expulsion',
    date: '2018-03-14',
    is_retaliation: false,
    evidence: 'Britain ordered 23 Russian diplomats to leave.',
    source: { url: 'https://example.org/gb-ru', title: 'Example', published: null, outlet: 'Example' },
    ...overrides,
  });

  it('refuses the whole file, naming the entry and field, and stores nothing', async () => {
    const broken = { about: 'test record', records: [entry(), entry({ expelling_country: 'RU', expelled_country: 'GB', date: '2018-03-17', count: 'twenty-three' })] };
    await expect(importRecord(db.store, broken)).rejects.toThrow(RecordError);
    await expect(importRecord(db.store, broken)).rejects.toThrow(/entry 1 field count/);
    expect(await db.store.findEvents({})).toEqual([]);
  });

  it('names a wrong country code', async () => {
    await expect(importRecord(db.store, [entry({ expelled_country: 'Russia' })])).rejects.toThrow(/entry 0 field expelled_country: an ISO 3166-1 alpha-2 code/);
  });

  it('reports a file that is not JSON, or missing, with its own message', async () => {
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, '{ "about": "x", "records": [ ');
    await expect(loadRecordFile(notJson)).rejects.toThrow(/broken\.json is not valid JSON/);
    await expect(loadRecordFile(path.join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'record_unreadable' });
  });

  it('imports a small valid record and links its round', async () => {
    const small = [entry({ expelling_country: 'RU', expelled_country: 'GB', date: '2018-03-17', is_retaliation: true }), entry()];
    const result = await importRecord(db.store, small, { windowDays: 30 });
    expect(result).toEqual({ total: 2, created: 2, merged: 0, duplicate: 0, rounds: 1 });
    const [answer] = await db.store.findEvents({ expelling: 'RU', expelled: 'GB' });
    const [earlier] = await db.store.findEvents({ expelling: 'GB', expelled: 'RU' });
    expect(answer!.responds_to).toEqual([earlier!.id]);
  });
});
