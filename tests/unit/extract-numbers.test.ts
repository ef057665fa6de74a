import { describe, expect, it } from 'vitest';
import { capDifference, countBefore, parseNumber } from '../../shared/extract/numbers.js';

const countOf = (phrase: string, noun = 'diplomats') => countBefore(phrase, phrase.lastIndexOf(noun))?.value ?? null;

describe('parseNumber', () => {
  it.each([
    ['15', 15],
    ['1,210', 1210],
    ['twenty-one', 21],
    ['Eighteen', 18],
    ['one hundred and five', 105],
    ['two thousand', 2000],
  ])('reads %s as %d', (phrase, value) => {
    expect(parseNumber(phrase)).toBe(value);
  });

  it('returns null for words that are not numbers', () => {
    expect(parseNumber('several')).toBeNull();
  });
});

describe('countBefore', () => {
  it('reads digits and words over modifiers', () => {
    expect(countOf('expelled 15 Russian diplomats')).toBe(15);
    expect(countOf('expelled two senior Greek diplomats')).toBe(2);
    expect(countOf('expelling nine of its diplomats')).toBe(9);
    expect(countOf('four of the six Irish diplomats')).toBe(4);
  });

  it('reads over modifiers joined by "and" ("12 Algerian consular and diplomatic agents")', () => {
    expect(countOf('expelled 12 Algerian consular and diplomatic agents', 'diplomatic agents')).toBe(12);
    expect(countOf('and 6 administrative and technical staff', 'staff')).toBe(6);
    expect(countOf('the Russian and Polish diplomats')).toBeNull();
  });

  it('reads "a dozen" as twelve', () => {
    expect(countOf('expelling a dozen Russian diplomats')).toBe(12);
  });

  it('reads a singular determiner as one', () => {
    expect(countOf('expel a Hungarian diplomat', 'diplomat')).toBe(1);
  });

  it('keeps "at least N" and drops vague or hedged amounts', () => {
    expect(countOf('expelled at least 27 Russian diplomats')).toBe(27);
    expect(countOf('expelled more than 20 Russian diplomats')).toBeNull();
    expect(countOf('expelled dozens of Russian diplomats')).toBeNull();
    expect(countOf('expelled up to 30 Russian diplomats')).toBeNull();
  });

  it('keeps an approximate count ("about 20", "around 25"): a count stated with hedging is still the count', () => {
    expect(countOf('ordered about 20 Defense Department employees', 'employees')).toBe(20);
    expect(countOf('said around 25 diplomats and employees')).toBe(25);
  });

  it('does not read fractions as head-counts', () => {
    expect(countOf('boot two-thirds of Cuban diplomats')).toBeNull();
  });

  it('marks totals', () => {
    const text = 'a total of five Russian diplomats';
    expect(countBefore(text, text.indexOf('diplomats'))).toMatchObject({ value: 5, total: true });
  });
});

describe('capDifference', () => {
  it('computes the people who must leave from a cap', () => {
    expect(capDifference('cut the mission from 1,210 to 455 people')).toBe(755);
    expect(capDifference('halve the embassy from six to three diplomats')).toBe(3);
    expect(capDifference('cut its mission by 755 employees')).toBe(755);
  });

  it('gives null for percentages and missing figures', () => {
    expect(capDifference('reduce the staff by 50 per cent')).toBeNull();
    expect(capDifference('reduce the staff by half')).toBeNull();
  });
});
