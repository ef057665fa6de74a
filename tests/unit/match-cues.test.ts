import { describe, expect, it } from 'vitest';
import cues from '../../shared/match/data/cues.json';
import { countryName, countryNameInText, firstCue } from '../../shared/match/index.js';

describe('cue words (data file)', () => {
  it('has a label for every response cue and no duplicate pattern', () => {
    const patterns = cues.responseCues.map((c) => c.pattern.toLowerCase());
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const cue of cues.responseCues) expect(cue.label.trim()).not.toBe('');
  });

  it.each([
    ['Moscow expelled 23 British diplomats in response to the UK measure.', 'in response'],
    ['The move was a tit-for-tat for the closure.', 'tit-for-tat'],
    ['A tit for tat expulsion followed.', 'tit-for-tat'],
    ['It mirrors the American decision.', 'mirror'],
    ['A reciprocal measure, officials said.', 'reciprocal'],
    ['on the principle of reciprocity', 'reciprocal'],
    ['The response will be symmetrical.', 'symmetrical'],
    ['Beijing retaliated on Friday.', 'retaliation'],
    ['in retaliation for the closure', 'retaliation'],
  ])('finds the cue in %j', (text, label) => {
    expect(firstCue(text)).toBe(label);
  });

  it.each([
    'Russia expels 60 US diplomats.',
    'The mirrorless camera was a gift.',
    'The responsibility lies with the embassy.',
  ])('finds no cue in %j', (text) => {
    expect(firstCue(text)).toBeNull();
  });

  it('reports the earliest cue of several', () => {
    expect(firstCue('A reciprocal step, in response to the expulsion.')).toBe('reciprocal');
  });
});

describe('country names', () => {
  it('names states in English, with the article where one is used', () => {
    expect(countryName('RU')).toBe('Russia');
    expect(countryNameInText('US')).toBe('the United States');
    expect(countryNameInText('GB')).toBe('the United Kingdom');
    expect(countryNameInText('DE')).toBe('Germany');
  });

});
