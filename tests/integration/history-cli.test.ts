import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.js';
import { EVENT_CSV_COLUMNS, countryName } from '../../shared/cli/format.js';
import { capture, pointCliAtTable } from '../helpers/cli.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

async function run(...args: string[]) {
  const { io, out, err } = capture();
  const status = await main(['node', 'riposte', ...args], io);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const wiki = (page: string) => ({ url: `https://en.wikipedia.org/wiki/${page}`, title: page.replace(/_/g, ' '), published: null, outlet: 'Wikipedia' });

/** A small record: three Czech-Russian rounds, and one measure of another pair. */
const RECORD = {
  about: 'Test record for the history command.',
  records: [
    {
      expelling_country: 'CZ', expelled_country: 'RU', count: 3, action: 'expulsion', date: '2018-03-26', is_retaliation: false,
      evidence: 'Prague ordered 3 Russian diplomats out, citing "Salisbury", the nerve-agent attack.', source: wiki('2018_expulsions'),
    },
    {
      expelling_country: 'RU', expelled_country: 'CZ', count: 3, action: 'expulsion', date: '2018-03-30', is_retaliation: true,
      evidence: 'Moscow told 3 Czech diplomats to leave,\nmatching the number.', source: wiki('2018_expulsions'),
    },
    {
      expelling_country: 'CZ', expelled_country: 'RU', count: 18, action: 'expulsion', date: '2021-04-17', is_retaliation: false,
      evidence: '=HYPERLINK("x") Prague expelled 18 Russian embassy staff over the Vrbětice explosions.', source: wiki('Vrbetice'),
    },
    {
      expelling_country: 'RU', expelled_country: 'CZ', count: 20, action: 'expulsion', date: '2021-04-18', is_retaliation: true,
      evidence: 'Moscow expelled 20 Czech diplomats in response.', source: wiki('Vrbetice'),
    },
    {
      expelling_country: 'CZ', expelled_country: 'RU', count: 63, action: 'staff_cap', date: '2021-04-22', is_retaliation: true,
      evidence: 'Prague capped the Russian embassy, so that 63 more staff must leave.', source: wiki('Vrbetice'),
    },
    {
      expelling_country: 'US', expelled_country: 'RU', count: 10, action: 'expulsion', date: '2021-04-15', is_retaliation: false,
      evidence: 'Washington expelled 10 Russian diplomats.', source: wiki('2021_US_sanctions'),
    },
  ],
};

describe('riposte import and history', () => {
  let db: TestTable;
  let dir: string;
  let recordFile: string;
  let restoreEnv: () => void = () => {};

  beforeAll(async () => {
    db = await createTestTable('history-cli');
    dir = await mkdtemp(path.join(os.tmpdir(), 'riposte-history-'));
    recordFile = path.join(dir, 'record.json');
    await writeFile(recordFile, JSON.stringify(RECORD));
    restoreEnv = pointCliAtTable(db.tableName);
  });
  afterAll(async () => {
    restoreEnv();
    await Promise.all([db?.drop(), rm(dir, { recursive: true, force: true })]);
  });

  it('imports a record, and a second import changes nothing', async () => {
    const first = await run('import', recordFile, '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ total: 6, created: 6, merged: 0, duplicate: 0, rounds: expect.any(Number) });
    expect(JSON.parse(first.out).rounds).toBeGreaterThanOrEqual(3);
    const before = (await run('history', '--json')).out;

    const second = await run('import', recordFile);
    expect(second.status).toBe(0);
    expect(second.out).toMatch(/6 entries — 0 created, 0 merged, 6 duplicate; 0 rounds linked\. Nothing changed/);
    expect((await run('history', '--json')).out).toEqual(before);
  });

  it('refuses an invalid record, naming the entry and field, and stores nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ about: 'x', records: [{ ...RECORD.records[0], expelling_country: 'Czechia' }] }));
    const result = await run('import', bad);
    expect(result.status).toBe(1);
    expect(result.err).toMatch(/entry 0 field expelling_country/);
    expect(JSON.parse((await run('history', '--json')).out)).toHaveLength(6);
  });

  it('prints a JSON array of Events, newest first', async () => {
    const { status, out } = await run('history', '--country', 'ru', '--json');
    expect(status).toBe(0);
    const events = JSON.parse(out);
    expect(events.map((e: { date: string }) => e.date)).toEqual(['2021-04-22', '2021-04-18', '2021-04-17', '2021-04-15', '2018-03-30', '2018-03-26']);
    expect(Object.keys(events[0]).sort()).toEqual(
      ['action', 'count', 'date', 'evidence', 'expelled_country', 'expelling_country', 'id', 'is_retaliation', 'new', 'responds_to', 'sources'].sort(),
    );
  });

  it('prints RFC 4180 CSV that reads back to the same events', async () => {
    const { status, out } = await run('history', '--country', 'CZ', '--with', 'RU', '--csv');
    expect(status).toBe(0);
    expect(out).toContain('\r\n');
    const rows: string[][] = parse(out);
    expect(rows[0]).toEqual([...EVENT_CSV_COLUMNS]);
    const events = JSON.parse((await run('history', '--country', 'CZ', '--with', 'RU', '--json')).out);
    expect(rows).toHaveLength(events.length + 1);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    for (const e of events) {
      const row = byId.get(e.id)!;
      expect(row[1]).toBe(e.date);
      expect(row[3]).toBe(e.expelling_country);
      expect(row[6]).toBe(String(e.count));
      expect(row[7]).toBe(String(e.is_retaliation));
      expect(row[10]).toBe(e.sources.map((s: { url: string }) => s.url).join(' '));
      expect(row[11]).toBe(e.responds_to.join(' '));
      // Quotes, commas and line breaks survive; a formula is defused with an apostrophe.
      expect(row[9]).toBe(e.evidence.startsWith('=') ? `'${e.evidence}` : e.evidence);
    }
    expect(rows.some((r) => r[9]!.includes('\n'))).toBe(true);
    expect(rows.some((r) => r[9]!.includes('"Salisbury"'))).toBe(true);
  });

  it('shows a pair\'s rounds in order: who answered whom, and the counts', async () => {
    const { status, out } = await run('history', '--country', 'RU', '--with', 'CZ');
    expect(status).toBe(0);
    expect(out).not.toMatch(/United States/);
    const cz = countryName('CZ');
    const rounds = out.slice(out.indexOf('Rounds between'));
    expect(rounds.startsWith(`Rounds between ${cz} (CZ) and Russia (RU): 5 measures, 3 rounds deep.`)).toBe(true);
    const lines = rounds.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    // Oldest first, each answer under its measure.
    expect(at('2018-03-26')).toBeLessThan(at('2018-03-30'));
    expect(at('2018-03-30')).toBeLessThan(at('2021-04-17'));
    expect(lines[at('2018-03-26')]).toMatch(/^ {2}#1 .*expels 3 diplomats of Russia/);
    expect(lines[at('2018-03-30')]).toMatch(/^ {2}#2 {2}Russia expels 3 diplomats of/);
    expect(lines[at('2018-03-30') + 1]).toContain(`↳ Russia answers #1 (${cz}, 2018-03-26), 4 days later`);
    // A new chain opens in 2021 (more than the matching window after 2018), and the cap answers the answer.
    expect(lines[at('2021-04-17')]).toMatch(/^ {2}#1 /);
    expect(lines[at('2021-04-18') + 1]).toContain(`↳ Russia answers #1 (${cz}, 2021-04-17), 1 day later`);
    expect(lines[at('2021-04-22')]).toMatch(/^ {2}#3 .*caps the mission of Russia/);
    expect(lines[at('2021-04-22') + 1]).toContain(`↳ ${cz} answers #2 (Russia, 2021-04-18), 4 days later`);
    expect(rounds).toContain(`Counts: ${cz} (CZ) 3 measures, 84 people ordered out, 1 answer; Russia (RU) 2 measures, 23 people ordered out, 2 answers.`);
  });

  it('pages with --limit and --cursor: JSON stays an array, the cursor goes to stderr', async () => {
    const all = JSON.parse((await run('history', '--country', 'RU', '--json')).out);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const result = await run('history', '--country', 'RU', '--json', '--limit', '4', ...(cursor ? ['--cursor', cursor] : []));
      expect(result.status).toBe(0);
      const events = JSON.parse(result.out);
      expect(Array.isArray(events)).toBe(true);
      seen.push(...events.map((e: { id: string }) => e.id));
      cursor = /--cursor (\S+)/.exec(result.err)?.[1] ?? null;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((e: { id: string }) => e.id));

    const table = await run('history', '--country', 'RU', '--limit', '2');
    expect(table.out).toMatch(/More events: run again with --cursor \S+$/);
    const pairPage = await run('history', '--country', 'RU', '--with', 'CZ', '--limit', '2');
    expect(pairPage.out).toMatch(/5 measures/);
    expect(pairPage.out).toMatch(/\(2 of them on this page\)/);
  });

  it('refuses a bad cursor, --json with --csv, and a limit out of range', async () => {
    const bad = await run('history', '--country', 'RU', '--cursor', 'not-a-cursor');
    expect(bad.status).toBe(1);
    expect(bad.err).toMatch(/invalid cursor/);
    expect((await run('history', '--json', '--csv')).status).toBe(2);
    expect((await run('history', '--limit', '0')).status).toBe(2);
    expect((await run('history', '--limit', '1001')).status).toBe(2);
  });
});
