import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/event.js';
import { findAnswers, isAnswerTo, matchRounds } from '../../shared/match/index.js';

function event(id: string, fields: Partial<StoredEvent> & Pick<StoredEvent, 'expelling_country' | 'expelled_country'>): StoredEvent {
  return {
    id,
    count: null,
    action: 'expulsion',
    date: '2018-03-26',
    is_retaliation: false,
    new: true,
    evidence: '',
    sources: [{ url: `https://news.example.org/${id}`, title: id, published: fields.date ?? '2018-03-26', outlet: 'example' }],
    responds_to: [],
    ...fields,
  };
}

const usExpels60 = event('us-ru-2018', {
  expelling_country: 'US',
  expelled_country: 'RU',
  count: 60,
  date: '2018-03-26',
  evidence: 'The United States expelled 60 Russian diplomats over the Salisbury poisoning.',
});
const russiaExpels60 = event('ru-us-2018', {
  expelling_country: 'RU',
  expelled_country: 'US',
  count: 60,
  date: '2018-03-29',
  is_retaliation: true,
  evidence: 'Russia will expel 60 US diplomats in response, after Washington expelled 60 Russian diplomats this week.',
});

describe('matchRounds', () => {
  it('matches an answer to the earlier event of the reverse direction, with its reasons', () => {
    const [match, ...rest] = matchRounds(russiaExpels60, [usExpels60]);

    expect(rest).toEqual([]);
    expect(match!.event.id).toBe('us-ru-2018');
    expect(match!.reasons).toEqual([
      'reverse direction',
      '3 days later',
      'same count (60)',
      'same action',
      'presented as retaliation',
      'text names the earlier act by the United States',
      "text says 'in response'",
    ]);
    expect(match!.score).toBeGreaterThan(0.9);
    expect(match!.score).toBeLessThanOrEqual(1);
  });

  it('never matches events of the same direction or the event itself', () => {
    const sameDirection = event('ru-us-earlier', { expelling_country: 'RU', expelled_country: 'US', date: '2018-01-01' });

    expect(matchRounds(russiaExpels60, [sameDirection, russiaExpels60])).toEqual([]);
  });

  it('does not match an earlier event that is later than the answer', () => {
    expect(matchRounds(usExpels60, [russiaExpels60])).toEqual([]);
  });

  it('scores a close answer above a distant, unlike one and sorts best first', () => {
    const distantCap = event('us-ru-cap', {
      expelling_country: 'US',
      expelled_country: 'RU',
      action: 'staff_cap',
      count: 12,
      date: '2017-09-01',
    });
    const matches = matchRounds(russiaExpels60, [distantCap, usExpels60]);

    expect(matches.map((m) => m.event.id)).toEqual(['us-ru-2018', 'us-ru-cap']);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
    expect(matches[1]!.reasons).toContain('209 days later');
    expect(matches[1]!.reasons).not.toContain('same action');
  });

  it('rewards equal counts over close counts over different counts', () => {
    const base = { expelling_country: 'RU', expelled_country: 'GB', date: '2018-03-17', evidence: 'Moscow expels British diplomats.' } as const;
    const earlier = event('gb-ru', { expelling_country: 'GB', expelled_country: 'RU', count: 23, date: '2018-03-14' });
    const same = matchRounds(event('a', { ...base, count: 23 }), [earlier])[0]!;
    const close = matchRounds(event('b', { ...base, count: 20 }), [earlier])[0]!;
    const different = matchRounds(event('c', { ...base, count: 4 }), [earlier])[0]!;
    const unknown = matchRounds(event('d', { ...base, count: null }), [earlier])[0]!;

    expect(same.reasons).toContain('same count (23)');
    expect(close.reasons).toContain('close count (20 for 23)');
    expect(different.reasons.join()).not.toMatch(/count/);
    expect(same.score).toBeGreaterThan(close.score);
    expect(close.score).toBeGreaterThan(different.score);
    expect(different.score).toBe(unknown.score);
  });

  it('counts an action of the same family for less than the same action', () => {
    const earlier = event('us-ru', { expelling_country: 'US', expelled_country: 'RU', action: 'expulsion', date: '2018-03-26' });
    const png = event('ru-us-png', { expelling_country: 'RU', expelled_country: 'US', action: 'persona_non_grata', date: '2018-03-29' });
    const closure = event('ru-us-closure', { expelling_country: 'RU', expelled_country: 'US', action: 'consulate_closure', date: '2018-03-29' });
    const sameAction = event('ru-us-exp', { expelling_country: 'RU', expelled_country: 'US', action: 'expulsion', date: '2018-03-29' });

    const [pngMatch] = matchRounds(png, [earlier]);
    const [closureMatch] = matchRounds(closure, [earlier]);
    const [sameMatch] = matchRounds(sameAction, [earlier]);

    expect(pngMatch!.reasons).toContain('same kind of action');
    expect(closureMatch!.reasons.join()).not.toMatch(/action/);
    expect(sameMatch!.score).toBeGreaterThan(pngMatch!.score);
    expect(pngMatch!.score).toBeGreaterThan(closureMatch!.score);
  });

  it('names the earlier count when the text gives it', () => {
    const earlier = event('us-ru', { expelling_country: 'US', expelled_country: 'RU', count: 35, date: '2016-12-29' });
    const answer = event('ru-us', {
      expelling_country: 'RU',
      expelled_country: 'US',
      date: '2017-07-28',
      action: 'staff_cap',
      count: 755,
      evidence: 'Moscow ordered the US to cut 755 staff, months after the expulsion of 35 of its own diplomats.',
    });

    expect(matchRounds(answer, [earlier])[0]!.reasons).toContain('text names the earlier count (35)');
  });

  it('does not take the answer\'s own country words for a mention of the earlier act', () => {
    const earlier = event('us-ru', { expelling_country: 'US', expelled_country: 'RU', date: '2018-03-26' });
    const plain = event('ru-us', {
      expelling_country: 'RU',
      expelled_country: 'US',
      date: '2018-03-29',
      evidence: 'Russia expels 60 US diplomats and closes the American consulate in St Petersburg.',
    });

    const reasons = matchRounds(plain, [earlier])[0]!.reasons;
    expect(reasons.join()).not.toMatch(/names the earlier|text says|retaliation/);
  });

  it('reads "us" in lower case as a pronoun, not the United States', () => {
    const earlier = event('us-ru', { expelling_country: 'US', expelled_country: 'RU', date: '2018-03-26' });
    const answer = event('ru-us', {
      expelling_country: 'RU',
      expelled_country: 'US',
      date: '2018-03-29',
      evidence: 'Russia expels diplomats after what was done to us, an expulsion we did not deserve.',
    });

    expect(matchRounds(answer, [earlier])[0]!.reasons.join()).not.toMatch(/names the earlier act/);
  });

  it("knows the earlier act by its author's capital or seat of government", () => {
    const earlier = event('cz-ru', { expelling_country: 'CZ', expelled_country: 'RU', date: '2021-04-17' });
    const answer = event('ru-cz', {
      expelling_country: 'RU',
      expelled_country: 'CZ',
      date: '2021-04-18',
      evidence: "Russia ordered 20 Czech diplomats out in response to Prague's expulsion of 18 Russians.",
    });

    expect(matchRounds(answer, [earlier])[0]!.reasons).toContain('text names the earlier act by the Czech Republic');
  });
});

describe('matchRounds: the window', () => {
  const earlier = event('us-ru', { expelling_country: 'US', expelled_country: 'RU', date: '2017-01-01' });
  const answerOn = (date: string) => event(`ru-us-${date}`, { expelling_country: 'RU', expelled_country: 'US', date });

  it('includes an answer exactly windowDays later and excludes one a day more', () => {
    expect(matchRounds(answerOn('2018-02-05'), [earlier])).toHaveLength(1); // 400 days
    expect(matchRounds(answerOn('2018-02-06'), [earlier])).toHaveLength(0); // 401 days
  });

  it('honours a custom window', () => {
    expect(matchRounds(answerOn('2017-01-31'), [earlier], { windowDays: 30 })).toHaveLength(1);
    expect(matchRounds(answerOn('2017-02-01'), [earlier], { windowDays: 30 })).toHaveLength(0);
  });

  it('places an undated event on its first report and ignores events with no date at all', () => {
    const undatedAnswer = event('ru-us-undated', {
      expelling_country: 'RU',
      expelled_country: 'US',
      date: null,
      sources: [
        { url: 'https://b.example.org/2', title: null, published: '2017-01-09', outlet: 'b' },
        { url: 'https://a.example.org/1', title: null, published: '2017-01-05', outlet: 'a' },
      ],
    });
    const noDate = event('ru-us-nodate', { expelling_country: 'RU', expelled_country: 'US', date: null, sources: [] });

    expect(matchRounds(undatedAnswer, [earlier])[0]!.reasons).toContain('4 days later');
    expect(matchRounds(noDate, [earlier])).toEqual([]);
  });

  it('on the same day, lets only the one presented as the answer answer', () => {
    const first = event('x-1', { expelling_country: 'US', expelled_country: 'RU', date: '2018-03-26' });
    const reply = event('x-0', { expelling_country: 'RU', expelled_country: 'US', date: '2018-03-26', is_retaliation: true });

    expect(matchRounds(reply, [first])[0]!.reasons).toContain('same day');
    expect(matchRounds(first, [reply])).toEqual([]);
  });

  it('of two same-day events with no sign of which answers, exactly one answers the other', () => {
    const a = event('a', { expelling_country: 'US', expelled_country: 'RU', date: '2018-03-26' });
    const b = event('b', { expelling_country: 'RU', expelled_country: 'US', date: '2018-03-26' });

    expect([isAnswerTo(a, b), isAnswerTo(b, a)].filter(Boolean)).toHaveLength(1);
  });
});

describe('matchRounds: coordinated actions', () => {
  // 2018-03-26: many states expel Russian diplomats on one day; Russia answers each.
  const expellers = ['US', 'DE', 'FR', 'PL', 'CA'];
  const counts: Record<string, number> = { US: 60, DE: 4, FR: 4, PL: 4, CA: 4 };
  const coordinated = expellers.map((c) =>
    event(`${c}-RU`, { expelling_country: c, expelled_country: 'RU', count: counts[c]!, date: '2018-03-26' }),
  );
  const answers = expellers.map((c) =>
    event(`RU-${c}`, { expelling_country: 'RU', expelled_country: c, count: counts[c]!, date: '2018-03-30', is_retaliation: true }),
  );
  const everything = [...coordinated, ...answers];

  it('matches each answer to its own counterpart only', () => {
    for (const answer of answers) {
      const matches = matchRounds(answer, everything);
      expect(matches.map((m) => m.event.id)).toEqual([`${answer.expelled_country}-RU`]);
    }
  });

  it('never matches an answer RU→US to DE→RU of the same day', () => {
    const ruUs = answers.find((a) => a.expelled_country === 'US')!;
    const deRu = coordinated.find((c) => c.expelling_country === 'DE')!;

    expect(matchRounds(ruUs, [deRu])).toEqual([]);
    expect(findAnswers(deRu, [ruUs])).toEqual([]);
  });
});

describe('findAnswers: a late report of the earlier measure', () => {
  it('finds the stored later answers of the reverse direction', () => {
    const laterAnswer = russiaExpels60;
    const unrelated = event('ru-de', { expelling_country: 'RU', expelled_country: 'DE', date: '2018-03-30' });
    const tooLate = event('ru-us-late', { expelling_country: 'RU', expelled_country: 'US', date: '2019-06-01' });
    const before = event('ru-us-before', { expelling_country: 'RU', expelled_country: 'US', date: '2018-01-01' });

    const found = findAnswers(usExpels60, [unrelated, tooLate, before, laterAnswer]);

    expect(found.map((e) => e.id)).toEqual(['ru-us-2018']);
  });

  it('agrees with matchRounds, so the round is alerted once and always on the later measure', () => {
    // The answer was stored first (nothing to match); the earlier measure arrives late.
    expect(matchRounds(russiaExpels60, [])).toEqual([]);
    expect(matchRounds(usExpels60, [russiaExpels60])).toEqual([]);
    const [answer] = findAnswers(usExpels60, [russiaExpels60]);
    expect(answer!.id).toBe('ru-us-2018');
    expect(matchRounds(answer!, [usExpels60]).map((m) => m.event.id)).toEqual(['us-ru-2018']);
  });

  it('returns answers earliest first', () => {
    const second = event('ru-us-second', { expelling_country: 'RU', expelled_country: 'US', date: '2018-04-10' });
    expect(findAnswers(usExpels60, [second, russiaExpels60]).map((e) => e.id)).toEqual(['ru-us-2018', 'ru-us-second']);
  });
});
