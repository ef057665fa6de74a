import { describe, expect, it } from 'vitest';
import { findDates, normalizeDate } from '../../shared/extract/dates.js';

describe('normalizeDate', () => {
  it.each([
    ['2015-07-24T05:36:09+01:00', '2015-07-24'],
    ['2019-01-03T07:00:02.000Z', '2019-01-03'],
    ['2021-11-01T10:52:50+0100', '2021-11-01'],
    ['2017-11-03 03:01:00.000000', '2017-11-03'],
    ['July 24, 2015', '2015-07-24'],
    ['24 Jul 2015 10:00', '2015-07-24'],
    ['Mon, 24 Jul 2015 10:00:00 GMT', '2015-07-24'],
  ])('reads %s as %s', (raw, day) => {
    expect(normalizeDate(raw)).toBe(day);
  });

  it('rejects impossible days and non-dates', () => {
    expect(normalizeDate('2021-02-30')).toBeNull();
    expect(normalizeDate('yesterday')).toBeNull();
    expect(normalizeDate(null)).toBeNull();
  });
});

describe('findDates', () => {
  const published = '2023-04-14'; // a Friday
  const first = (s: string, p: string | null = published) => findDates(s, p)[0];

  it('reads ISO and day-first dotted dates, and marks a byline date as not the act\'s', () => {
    expect(first('The council decided on 2022-09-07 to sever relations.')?.date).toBe('2022-09-07');
    expect(first('The decision of 14.04.2023 was notified to the embassy.')?.date).toBe('2023-04-14');
    expect(first('It was taken on 31.02.2023.')).toBeUndefined();
    const byline = first('By Nino Beridze | 14.04.2018 · 10:30');
    expect(byline?.date).toBe('2018-04-14');
    expect(byline?.deadline).toBe(true);
  });

  it('reads a decade as a coarse date in its middle', () => {
    const d = first('It recalled the mid-1980s, when both sides traded expulsions.');
    expect(d?.date).toBe('1985-01-01');
    expect(d?.coarse).toBe(true);
  });

  it('resolves weekdays to the most recent such day on or before publication', () => {
    expect(first('Norway said on Thursday it was expelling them.')?.date).toBe('2023-04-13');
    expect(first('It said on Friday.')?.date).toBe('2023-04-14');
    expect(first('It said on Saturday.')?.date).toBe('2023-04-08');
    // A prefix opening the sentence keeps its meaning.
    expect(first('Last Friday Oslo declared him persona non grata.')?.date).toBe('2023-04-07');
    expect(first('On Thursday Oslo said so.')?.date).toBe('2023-04-13');
  });

  it('resolves yesterday and month-day phrases, never into the future', () => {
    expect(first('Moscow yesterday said so.')?.date).toBe('2023-04-13');
    expect(first('on March 14 it expelled three')?.date).toBe('2023-03-14');
    expect(first('on December 2 it expelled three')?.date).toBe('2022-12-02');
  });

  it('reads "N years ago today" as the anniversary day, not the day of publication', () => {
    expect(first('One year ago today, the poisoning shook the city.')?.date).toBe('2022-04-14');
    expect(first('Five years ago today the embassy was closed.')?.date).toBe('2018-04-14');
    expect(first('Three months ago today they left.')?.date).toBe('2023-01-14');
    expect(first('Two weeks ago today it began.')?.date).toBe('2023-03-31');
    expect(first('a year ago today', '2024-02-29')?.date).toBe('2023-02-28');
    expect(first('The ministry said today it would act.')?.date).toBe('2023-04-14');
  });

  it('marks deadlines and datelines, and coarse months and years', () => {
    expect(first('they must leave by April 5')?.deadline).toBe(true);
    expect(first('MOSCOW, July 31 (Agency) -- Russia said')?.deadline).toBe(true);
    expect(first('KYIV, July 18.')?.deadline).toBe(true);
    // A timeline entry opens on the act's own day.
    expect(first('- 9 April: Norway expelled three Russian diplomats.')).toMatchObject({ date: '2023-04-09', deadline: false });
    expect(first('9 April: Norway expelled three.')?.deadline).toBe(false);
    expect(first('On July 18.')?.deadline).toBe(false);
    expect(first('in March it expelled five')?.coarse).toBe(true);
    expect(first('in 2018 it expelled five')).toMatchObject({ coarse: true, date: '2018-01-01' });
  });

  it('places a month without a year at or before the publication month, and reads "Month YYYY" alone', () => {
    expect(first('declared another employee persona non grata in December', '2021-03-10')).toMatchObject({ coarse: true, date: '2020-12-01' });
    expect(first('in February it expelled five', '2021-03-10')).toMatchObject({ coarse: true, date: '2021-02-01' });
    expect(first('March 2023: Iran expels two German diplomats', '2024-11-01')).toMatchObject({ coarse: true, date: '2023-03-01' });
  });

  it('marks a weekday after "by the end of" as a deadline', () => {
    const dates = findDates('On Sunday the ministry said 20 employees must leave by the end of Monday.', '2021-04-19');
    expect(dates.map((d) => [d.date, d.deadline])).toEqual([
      ['2021-04-18', false],
      ['2021-04-19', true],
    ]);
  });

  it('reads "on the 17th" as this month\'s day, or last month\'s when it is still to come', () => {
    expect(first('On the 17th the Czech government expelled 18', '2021-04-30')).toMatchObject({ date: '2021-04-17', deadline: false });
    expect(first('On the 28th Moscow replied', '2021-05-02')).toMatchObject({ date: '2021-04-28' });
    expect(first('they must leave by the 5th', '2021-04-30')).toMatchObject({ date: '2021-05-05', deadline: true });
    expect(first('on the 31st', '2021-03-02')).toBeUndefined(); // February has no 31st
    expect(first('on the 20th anniversary of the treaty', '2021-04-30')).toBeUndefined();
    expect(first('on the 17th of April', '2021-04-30')?.date).toBe('2021-04-17');
    expect(first('- Slovakia: three Russians (22nd)', '2021-04-30')?.date).toBe('2021-04-22');
  });

  it('puts a deadline with no year ahead of the publication day ("not later than April 30" on April 25)', () => {
    expect(first('must leave not later than April 30', '2025-04-25')).toMatchObject({ date: '2025-04-30', deadline: true });
    expect(first('expelled on April 30', '2025-04-25')?.date).toBe('2024-04-30');
  });

  it('leaves relative days unresolved without a publication date', () => {
    expect(first('said on Monday', null)?.date).toBeNull();
    expect(first('on 31 January 2019 the court ruled', null)?.date).toBe('2019-01-31');
  });
});
