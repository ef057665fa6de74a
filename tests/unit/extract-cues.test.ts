import { describe, expect, it } from 'vitest';
import cues from '../../shared/extract/data/cues.json';
import numbers from '../../shared/extract/data/numbers.json';

function sources(value: unknown, path: string[] = []): Array<[string, string]> {
  if (typeof value === 'string') return [[path.join('.'), value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (k === 'description' ? [] : sources(v, [...path, k])));
  return [];
}

describe('cue data', () => {
  it('holds only regular expressions that compile', () => {
    const all = sources(cues);
    expect(all.length).toBeGreaterThan(20);
    for (const [name, source] of all) expect(() => new RegExp(source, 'i'), name).not.toThrow();
  });

  const matches = (source: string, text: string) => new RegExp(source, 'i').test(text);

  it.each([
    ['expel', 'Norway is expelling 15 diplomats'],
    ['expel', 'Britain sent home 23 diplomats'],
    ['leave', 'ordered the ambassador to leave within 48 hours'],
    ['png', 'declared personae non gratae'],
    ['cap', 'must be reduced to 455'],
    ['closure', 'withdrew its consent for the consulate'],
    ['expel', 'asked Riyadh to replace its ambassador'],
    ['expel', 'demanded the immediate replacement of the envoy'],
    ['expel', 'will each send one diplomat back to Moscow'],
    ['leave', 'have a week to go'],
    ['leave', 'also gave Iranian diplomats 48 hours.'],
    ['cap', 'will come down from 55 to 30'],
    ['closure', 'withdrawing consent for the consulate'],
  ])('trigger %s matches "%s"', (kind, text) => {
    expect(matches((cues.triggers as Record<string, string>)[kind]!, text)).toBe(true);
  });

  it('tells threats, hypotheticals and proposals apart', () => {
    expect(matches(cues.modality.threat, 'Moscow vowed to respond')).toBe(true);
    expect(matches(cues.modality.threat, 'reserves the right to expel')).toBe(true);
    expect(matches(cues.modality.hypothetical, 'if we did, we would expel them')).toBe(true);
    expect(matches(cues.modality.lonePolitician, 'citing a member of the upper house')).toBe(true);
  });

  it('separates strong retaliation wording from a mere response', () => {
    expect(matches(cues.retaliation.strong, 'a tit-for-tat move')).toBe(true);
    expect(matches(cues.retaliation.strong, 'guided by the principle of reciprocity')).toBe(true);
    expect(matches(cues.retaliation.strong, 'in response to the poisoning')).toBe(false);
    expect(matches(cues.retaliation.strong, "mirroring Washington's measures")).toBe(true);
    expect(matches(cues.retaliation.strong, 'matching person for person the expulsions')).toBe(true);
    expect(matches(cues.retaliation.strong, 'expelled them one for one')).toBe(true);
    expect(matches(cues.modality.threat, 'stopped short of expelling')).toBe(true);
    expect(matches(cues.retaliation.measure, 'the expulsion of our ambassador')).toBe(true);
    expect(matches(cues.retaliation.measure, 'alleged support for rebels')).toBe(false);
  });

  it('marks earlier acts and answered ones', () => {
    expect(matches(cues.background.relative, 'Venezuela went further at that time')).toBe(true);
    expect(matches(cues.background.relative, 'early this year the authorities ordered')).toBe(true);
    expect(matches(cues.background.relative, 'on Monday the ministry ordered')).toBe(false);
    expect(matches(cues.background.answeredClause, 'citing Athens\' expulsion of Russian diplomats')).toBe(true);
    expect(matches(cues.background.answeredClause, 'came a day after Jordan recalled')).toBe(true);
    expect(matches(cues.background.answeredClause, 'as its reply to Washington\'s decision')).toBe(true);
  });
});

describe('number data', () => {
  it('has consistent number words', () => {
    expect(numbers.units.nineteen).toBe(19);
    expect(numbers.tens.ninety).toBe(90);
    expect(numbers.hedgesKeep).toContain('at least');
    expect(numbers.hedgesNull).toContain('more than');
  });
});
