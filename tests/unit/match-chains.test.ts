import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/event.js';
import { buildChain, describeWait, median, roundOf } from '../../shared/match/chains.js';
import { describeWatch, openAmong, pastMedian } from '../../shared/pipeline/watches.js';
import { renderEmail } from '../../shared/alert/email.js';

function event(id: string, fields: Partial<StoredEvent> & Pick<StoredEvent, 'expelling_country' | 'expelled_country'>): StoredEvent {
  return {
    id,
    count: null,
    action: 'expulsion',
    date: null,
    is_retaliation: false,
    new: true,
    evidence: '',
    sources: [{ url: `https://news.example.org/${id}`, title: id, published: fields.date ?? '2020-01-01', outlet: 'example' }],
    responds_to: [],
    ...fields,
  };
}

// A made-up four-measure exchange between two states, with a fifth measure undated.
const opening = event('a1', { expelling_country: 'CZ', expelled_country: 'RU', count: 18, date: '2021-04-17' });
const answer = event('b1', { expelling_country: 'RU', expelled_country: 'CZ', count: 20, date: '2021-04-18', responds_to: ['a1'] });
const counter = event('a2', { expelling_country: 'CZ', expelled_country: 'RU', count: 63, date: '2021-04-22', responds_to: ['b1'] });
const cap = event('b2', { expelling_country: 'RU', expelled_country: 'CZ', action: 'staff_cap', date: '2021-04-30', responds_to: ['a2', 'a1'] });
const undated = event('b3', {
  expelling_country: 'RU',
  expelled_country: 'CZ',
  count: 1,
  sources: [{ url: 'https://news.example.org/b3', title: null, published: null, outlet: 'example' }],
});

describe('buildChain', () => {
  it('numbers the rounds by answer depth, in date order, with who answered whom and the gap', () => {
    const chain = buildChain([cap, counter, undated, answer, opening]);

    expect(chain.pair).toEqual(['CZ', 'RU']);
    expect(chain.rounds.map((r) => [r.event.id, r.number, r.by, r.against, r.gapDays])).toEqual([
      ['a1', 1, 'CZ', 'RU', null],
      ['b1', 2, 'RU', 'CZ', 1],
      ['a2', 3, 'CZ', 'RU', 4],
      // Answers a2 (round 3) and a1: one more than the deepest; the gap runs from the latest.
      ['b2', 4, 'RU', 'CZ', 8],
      ['b3', 1, 'RU', 'CZ', null],
    ]);
    expect(roundOf(chain, 'b2')?.answers).toEqual(['a2', 'a1']);
    expect(chain.length).toBe(4);
  });

  it('counts measures, people and answers per side, and the median gap of answered rounds', () => {
    const chain = buildChain([opening, answer, counter, cap, undated]);

    expect(chain.counts).toEqual({
      CZ: { measures: 2, people: 81, answers: 1 },
      RU: { measures: 3, people: 21, answers: 2 },
    });
    expect(chain.medianGapDays).toBe(4);
  });

  it('ignores links to events outside the list and cuts a link cycle instead of looping', () => {
    const orphan = event('x', { expelling_country: 'RU', expelled_country: 'CZ', date: '2021-05-01', responds_to: ['not-here'] });
    const loopA = event('l1', { expelling_country: 'CZ', expelled_country: 'RU', date: '2021-06-01', responds_to: ['l2'] });
    const loopB = event('l2', { expelling_country: 'RU', expelled_country: 'CZ', date: '2021-06-02', responds_to: ['l1'] });

    const chain = buildChain([orphan, loopA, loopB]);

    expect(roundOf(chain, 'x')).toMatchObject({ number: 1, answers: [], gapDays: null });
    expect(chain.rounds.every((r) => Number.isFinite(r.number))).toBe(true);
  });

  it('refuses events of more than one pair', () => {
    const other = event('z', { expelling_country: 'US', expelled_country: 'RU', date: '2021-04-15' });
    expect(() => buildChain([opening, other])).toThrow(/more than one pair/);
  });

  it('is empty for no events', () => {
    expect(buildChain([])).toMatchObject({ rounds: [], length: 0, medianGapDays: null });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([1, 2, 4, 10])).toBe(3);
    expect(median([])).toBeNull();
  });
});

describe('open-round watches (pure part)', () => {
  it('keeps a measure open until a reverse-direction answer comes, and only within the window', () => {
    const events = [opening, answer, event('old', { expelling_country: 'US', expelled_country: 'RU', date: '2019-01-01' })];

    const open = openAmong(events, '2021-04-30', 400);

    // a1 is answered by b1; b1 waits for Czechia; the 2019 measure is past the window.
    expect(open.map((w) => [w.event.id, w.waiting, w.days])).toEqual([['b1', 'CZ', 12]]);
    expect(open[0]!.words).toBe("The Czech Republic has not answered Russia's expulsion of 20 diplomats: 12 days");
    expect(open[0]!.windowEnds).toBe('2022-05-23');
  });

  it('says the waiting state, the measure and the days in words', () => {
    expect(describeWatch({ expelling_country: 'CZ', expelled_country: 'RU', action: 'expulsion', count: 18 }, 12)).toBe(
      "Russia has not answered the Czech Republic's expulsion of 18 diplomats: 12 days",
    );
    expect(describeWatch({ expelling_country: 'US', expelled_country: 'RU', action: 'consulate_closure', count: null }, 1)).toBe(
      "Russia has not answered the United States' closure of a consulate: 1 day",
    );
  });

  it('takes the median of past answered rounds, leaving out the answer itself and later ones', () => {
    const events = [opening, answer, counter, cap];
    // Gaps: b1 1 day, a2 4 days, b2 8 days.
    expect(pastMedian(events, 'b2', '2021-04-30')).toBe(2.5);
    expect(pastMedian(events, 'none', '2021-04-21')).toBe(1);
    expect(pastMedian([opening], 'none', '2021-04-30')).toBeNull();
  });
});

describe('round and watch in the alert email', () => {
  it('says the round number, how long the answer took and the past median', () => {
    const email = renderEmail({
      type: 'retaliation',
      id: 'alt_test',
      event: answer,
      matches: [{ event: opening, score: 0.8, reasons: ['reverse direction'] }],
      round: { number: 2, pair: ['CZ', 'RU'] },
      watch: { waitedDays: 3, medianDays: 5 },
    });
    expect(email.text).toContain("Round 2 between the Czech Republic and Russia: answered in 3 days; past rounds' median: 5 days");
    expect(email.html).toContain('past rounds&#39; median: 5 days');
  });

  it('words a same-day answer and the absence of past rounds', () => {
    expect(describeWait({ waitedDays: 0, medianDays: null })).toBe('answered the same day; no past rounds to compare');
  });
});
