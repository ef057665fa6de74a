/**
 * Schema checks shared by the project's evaluation sets (tests/fixtures/holdout, tests/fixtures/sealed):
 * shape, country codes, actions, dates, the positive/negative mix. They validate the fixtures only: they
 * never run the extractor and print nothing about the items' contents, so nothing here tunes the
 * extractor to the sets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

export interface EvalSetSpec {
  /** Folder under tests/fixtures. */
  name: string;
  /** Id prefix: h001…, s001… */
  prefix: string;
  count: number;
  words: [min: number, max: number];
  minParagraphs: number;
  minPositives: number;
  minNegatives: number;
  minEmptyNegatives: number;
}

const ACTIONS = ['expulsion', 'persona_non_grata', 'ambassador_expulsion', 'staff_cap', 'consulate_closure'] as const;
const ITEM_KEYS = ['id', 'source_url', 'outlet', 'published', 'title', 'text', 'events', 'notes'];
const EVENT_KEYS = [
  'expelling_country',
  'expelled_country',
  'count',
  'action',
  'date',
  'is_retaliation',
  'responds_to',
  'new_in_this_article',
];

interface EvalEvent {
  expelling_country: string;
  expelled_country: string;
  count: number | null;
  action: string;
  date: string | null;
  is_retaliation: boolean;
  responds_to: string | null;
  new_in_this_article: boolean;
}

interface EvalItem {
  id: string;
  source_url: null;
  outlet: string;
  published: string | null;
  title: string | null;
  text: string;
  events: EvalEvent[];
  notes: string;
}

/** Ids in numeric order: p999 before p1000. */
const byId = (a: string, b: string) => a.length - b.length || a.localeCompare(b);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
// Codes that Intl may name but that are not ISO 3166-1 country codes: blocs and organisations (EU, EZ, UN),
// the non-ISO UK, Kosovo's user-assigned XK, and the reserved/user-assigned ranges AA, QM-QZ, XA-XZ, ZZ.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'UK', 'XK', 'AA', 'ZZ', 'QO']);

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code) || /^(Q[M-Z]|X[A-Z])$/.test(code)) return false;
  const name = regionNames.of(code);
  return typeof name === 'string' && name !== code;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}


/** Registers the schema tests of one evaluation set. */
export function describeEvalSet(spec: EvalSetSpec): void {
  const DIR = path.resolve(__dirname, '..', 'fixtures', spec.name, 'articles');
  const COUNT = spec.count;
  const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort(byId) : [];
  const items: EvalItem[] = files.map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as EvalItem);
  const isPositive = (i: EvalItem) => i.events.some((e) => e.new_in_this_article);

  describe(`${spec.name} fixtures: the country-code check itself`, () => {
    it('accepts ISO 3166-1 alpha-2 country codes', () => {
      for (const c of ['RU', 'US', 'GB', 'KP', 'VA', 'CD', 'MK', 'AE', 'PS', 'TW']) expect(isCountryCode(c), c).toBe(true);
    });

    it('rejects blocs, organisations, non-ISO and malformed codes', () => {
      for (const c of ['EU', 'EZ', 'UN', 'UK', 'XK', 'QO', 'ZZ', 'AA', 'XX', 'QZ', 'NATO', 'ru', 'R', '', '12']) {
        expect(isCountryCode(c), c).toBe(false);
      }
    });
  });

  describe(`${spec.name} fixtures`, () => {
    it(`holds ${COUNT} items, ${spec.prefix}001 to ${spec.prefix}${String(COUNT).padStart(3, '0')}, one per file named after its id`, () => {
      expect(files).toHaveLength(COUNT);
      expect(items.map((i) => i.id)).toEqual(Array.from({ length: COUNT }, (_, k) => `${spec.prefix}${String(k + 1).padStart(3, '0')}`));
      files.forEach((f, k) => expect(f).toBe(`${items[k]!.id}.json`));
    });

    it.each(items.map((i) => [i.id, i] as const))('%s has the dev-corpus item schema', (_id, item) => {
      expect(Object.keys(item).sort()).toEqual([...ITEM_KEYS].sort());
      expect(item.source_url).toBeNull();
      expect(item.outlet).toBe('written for Riposte');
      expect(item.published === null || isIsoDate(item.published)).toBe(true);
      expect(item.title === null || (typeof item.title === 'string' && item.title.trim().length > 0)).toBe(true);
      expect(typeof item.notes).toBe('string');
      expect(item.notes.trim().length).toBeGreaterThan(0);
      expect(typeof item.text).toBe('string');
      // Paragraphs separated by a blank line; news-article length.
      const paragraphs = item.text.split(/\n\s*\n/);
      expect(paragraphs.length).toBeGreaterThanOrEqual(spec.minParagraphs);
      for (const p of paragraphs) expect(p.trim().length).toBeGreaterThan(0);
      const words = item.text.split(/\s+/).filter(Boolean).length;
      expect(words).toBeGreaterThanOrEqual(spec.words[0]);
      expect(words).toBeLessThanOrEqual(spec.words[1]);
      expect(Array.isArray(item.events)).toBe(true);
    });

    it.each(items.map((i) => [i.id, i] as const))('%s has valid events', (_id, item) => {
      for (const e of item.events) {
        expect(Object.keys(e).sort()).toEqual([...EVENT_KEYS].sort());
        expect(isCountryCode(e.expelling_country), e.expelling_country).toBe(true);
        expect(isCountryCode(e.expelled_country), e.expelled_country).toBe(true);
        expect(e.expelling_country).not.toBe(e.expelled_country);
        expect(ACTIONS).toContain(e.action);
        expect(e.count === null || (Number.isInteger(e.count) && e.count > 0)).toBe(true);
        if (e.action === 'ambassador_expulsion') expect(e.count).toBe(1);
        if (e.date !== null) {
          expect(isIsoDate(e.date), e.date).toBe(true);
          if (item.published) expect(e.date <= item.published).toBe(true);
        }
        expect(typeof e.is_retaliation).toBe('boolean');
        expect(typeof e.new_in_this_article).toBe('boolean');
        // responds_to is filled exactly when the measure is labelled a retaliation.
        if (e.is_retaliation) expect(typeof e.responds_to === 'string' && e.responds_to.trim().length > 0).toBe(true);
        else expect(e.responds_to).toBeNull();
      }
    });

    it(`has at least ${spec.minPositives} positives and at least ${spec.minNegatives} negatives`, () => {
      expect(items.filter(isPositive).length).toBeGreaterThanOrEqual(spec.minPositives);
      const negatives = items.filter((i) => !isPositive(i));
      expect(negatives.length).toBeGreaterThanOrEqual(spec.minNegatives);
      expect(negatives.filter((i) => i.events.length === 0).length).toBeGreaterThanOrEqual(spec.minEmptyNegatives);
    });

    it('covers all five actions among new events, retaliations, background events and multi-event items', () => {
      const events = items.flatMap((i) => i.events);
      const fresh = events.filter((e) => e.new_in_this_article);
      for (const a of ACTIONS) expect(fresh.some((e) => e.action === a), a).toBe(true);
      expect(fresh.some((e) => e.is_retaliation)).toBe(true);
      expect(fresh.some((e) => !e.is_retaliation)).toBe(true);
      expect(fresh.some((e) => e.count === null)).toBe(true);
      expect(events.some((e) => !e.new_in_this_article)).toBe(true);
      expect(items.filter((i) => i.events.filter((e) => e.new_in_this_article).length > 1).length).toBeGreaterThanOrEqual(3);
    });

    it('spreads over 2014 to 2025', () => {
      const years = items.flatMap((i) => (i.published ? [Number(i.published.slice(0, 4))] : []));
      expect(Math.min(...years)).toBeGreaterThanOrEqual(2014);
      expect(Math.max(...years)).toBeLessThanOrEqual(2025);
      expect(new Set(years).size).toBeGreaterThanOrEqual(6);
    });
  });
}
