import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionFamily } from '../../shared/domain/event.js';
import { daysBetween } from '../../shared/domain/dates.js';
import { DEFAULT_RECORD_FILE } from '../../shared/local/record/index.js';
import { RecordError, parseRecord, type RecordEntry } from '../../shared/pipeline/import-record.js';

const file: unknown = JSON.parse(readFileSync(DEFAULT_RECORD_FILE, 'utf8'));
const entries: RecordEntry[] = parseRecord(file);
const label = (e: RecordEntry): string => `${e.expelling_country}→${e.expelled_country} ${e.action} ${e.date}`;

/**
 * Retaliations whose answered measure is not an expulsion-type event in the record, each with the
 * reason. Everything else flagged as retaliation must find its earlier reverse-direction measure.
 */
const ANSWERS_OUTSIDE_THE_RECORD: Record<string, string> = {
  'MY→KP expulsion 2021-03-19': "answers North Korea's decision to sever relations, not an expulsion",
  'RU→UA persona_non_grata 2021-04-26': "answers Ukraine's expulsion of a Russian embassy employee in mid-April 2021, left out because its exact day is not confirmed",
  'DZ→FR persona_non_grata 2025-04-14': 'answers the arrest in France of an Algerian consular official, a detention rather than an expulsion',
};

describe('the record of past rounds', () => {
  it('validates against the record schema and says what it is', () => {
    expect(file).toHaveProperty('about');
    expect((file as { about: string }).about).toMatch(/correction/i);
    expect(() => parseRecord(file)).not.toThrow();
  });

  it('holds at least 150 measures', () => {
    expect(entries.length).toBeGreaterThanOrEqual(150);
  });

  it('covers every year from 2014 to 2025 and nothing outside it', () => {
    const years = new Set(entries.map((e) => Number(e.date.slice(0, 4))));
    for (let year = 2014; year <= 2025; year++) expect(years, `year ${year}`).toContain(year);
    expect(Math.min(...years)).toBe(2014);
    expect(Math.max(...years)).toBe(2025);
  });

  it('spans at least 25 directed country pairs, not only Russia', () => {
    const pairs = new Set(entries.map((e) => `${e.expelling_country}→${e.expelled_country}`));
    expect(pairs.size).toBeGreaterThanOrEqual(25);
    const withoutRussia = entries.filter((e) => e.expelling_country !== 'RU' && e.expelled_country !== 'RU');
    expect(withoutRussia.length).toBeGreaterThanOrEqual(50);
  });

  it('uses only real ISO 3166-1 alpha-2 codes', () => {
    const regions = new Intl.DisplayNames(['en'], { type: 'region' });
    const codes = new Set(entries.flatMap((e) => [e.expelling_country, e.expelled_country]));
    // Unassigned codes come back unchanged; reserved ones such as EU or UN are not countries.
    const unknown = [...codes].filter((code) => regions.of(code) === code || ['EU', 'UN', 'EZ', 'QO', 'XK', 'ZZ'].includes(code));
    expect(unknown).toEqual([]);
  });

  it('has no measure twice (same direction, action and day)', () => {
    const seen = new Map<string, number>();
    for (const e of entries) seen.set(label(e), (seen.get(label(e)) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([key]) => key)).toEqual([]);
  });

  it('keeps distinct measures of one direction and kind more than a week apart, so the store never merges them', () => {
    const clashes: string[] = [];
    entries.forEach((a, i) =>
      entries.slice(i + 1).forEach((b) => {
        const sameSeries =
          a.expelling_country === b.expelling_country && a.expelled_country === b.expelled_country && actionFamily(a.action) === actionFamily(b.action);
        if (sameSeries && Math.abs(daysBetween(a.date, b.date)) <= 7) clashes.push(`${label(a)} / ${label(b)}`);
      }),
    );
    expect(clashes).toEqual([]);
  });

  it('finds, for every retaliation, an earlier measure of the other side within 400 days (listed exceptions aside)', () => {
    const orphans = entries
      .filter((e) => e.is_retaliation)
      .filter(
        (answer) =>
          !entries.some(
            (earlier) =>
              earlier !== answer &&
              earlier.expelling_country === answer.expelled_country &&
              earlier.expelled_country === answer.expelling_country &&
              daysBetween(earlier.date, answer.date) >= 0 &&
              daysBetween(earlier.date, answer.date) <= 400,
          ),
      )
      .map(label);
    expect(orphans.sort()).toEqual(Object.keys(ANSWERS_OUTSIDE_THE_RECORD).sort());
  });

  it('includes both sides of the well-known rounds', () => {
    const has = (expelling: string, expelled: string, date: string, count: number | null) =>
      entries.some((e) => e.expelling_country === expelling && e.expelled_country === expelled && e.date === date && e.count === count);
    expect(has('GB', 'RU', '2018-03-14', 23)).toBe(true);
    expect(has('RU', 'GB', '2018-03-17', 23)).toBe(true);
    expect(has('US', 'RU', '2018-03-26', 60)).toBe(true);
    expect(has('RU', 'US', '2018-03-29', 60)).toBe(true);
    expect(has('CZ', 'RU', '2021-04-17', 18)).toBe(true);
    expect(has('RU', 'CZ', '2021-04-18', 20)).toBe(true);
    expect(has('DE', 'RU', '2022-04-04', 40)).toBe(true);
    expect(has('RU', 'DE', '2022-04-25', 40)).toBe(true);
  });

  it('keeps every evidence line short and every source a public https page', () => {
    for (const e of entries) {
      expect(e.evidence.length, label(e)).toBeLessThanOrEqual(240);
      expect(e.source.url, label(e)).toMatch(/^https:\/\//);
    }
  });
});

describe('parseRecord', () => {
  it('names the entry and the field that is wrong', () => {
    const broken = structuredClone(file) as { records: Array<Record<string, unknown>> };
    broken.records[3]!.date = '2018-13-45';
    broken.records[7]!.action = 'expelled';
    expect(() => parseRecord(broken)).toThrow(RecordError);
    expect(() => parseRecord(broken)).toThrow(/entry 3 field date: a date as YYYY-MM-DD/);
    expect(() => parseRecord(broken)).toThrow(/entry 7 field action/);
  });

  it('refuses unknown fields and a missing source', () => {
    const entry = { ...(file as { records: RecordEntry[] }).records[0]!, countt: 3 };
    expect(() => parseRecord([entry])).toThrow(/entry 0/);
    const { source: _source, ...withoutSource } = (file as { records: RecordEntry[] }).records[0]!;
    expect(() => parseRecord([withoutSource])).toThrow(/entry 0 field source/);
  });
});
