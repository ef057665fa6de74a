import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedEvent, Source } from '../../shared/domain/event.js';
import { RiposteError } from '../../shared/domain/errors.js';
import { DynamoEventStore, refineFigures, type SourceMention } from '../../shared/store/dynamo-event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

function extracted(overrides: Partial<ExtractedEvent> = {}): ExtractedEvent {
  return {
    expelling_country: 'RU',
    expelled_country: 'GB',
    count: 23,
    action: 'expulsion',
    date: '2018-03-17',
    is_retaliation: true,
    new: true,
    evidence: 'Russia said it would expel 23 British diplomats.',
    ...overrides,
  };
}

function source(url: string, published: string | null, outlet = 'outlet'): Source {
  return { url, title: `title of ${url}`, published, outlet };
}

let db: TestTable;
beforeAll(async () => {
  db = await createTestTable('events');
});
afterAll(async () => {
  await db?.drop();
});

describe('DynamoEventStore.saveEvent', () => {
  it('creates an event and returns it with its source and an empty responds_to', async () => {
    const result = await db.store.saveEvent(extracted(), source('https://a.example/1', '2018-03-17', 'A'));

    expect(result.outcome).toBe('created');
    expect(result.event).toMatchObject({ expelling_country: 'RU', expelled_country: 'GB', count: 23, date: '2018-03-17', responds_to: [] });
    expect(result.event.id).toMatch(/^ev_[0-9a-f]{24}$/);
    expect(result.event.sources).toEqual([{ url: 'https://a.example/1', title: 'title of https://a.example/1', published: '2018-03-17', outlet: 'A' }]);
    expect(await db.store.getEvent(result.event.id)).toEqual(result.event);
  });

  it('answers a retry of the same create with duplicate and the same event', async () => {
    const event = extracted({ expelling_country: 'NO', expelled_country: 'RU', date: '2020-08-20', count: 1 });
    const first = await db.store.saveEvent(event, source('https://retry.example/1', '2020-08-20'));
    const second = await db.store.saveEvent(event, source('https://retry.example/1', '2020-08-20'));

    expect([first.outcome, second.outcome]).toEqual(['created', 'duplicate']);
    expect(second.event).toEqual(first.event);
  });

  it('merges one measure reported by three outlets on different days with counts 12/21/12, keeping who said what', async () => {
    const measure = { expelling_country: 'PL', expelled_country: 'BY', action: 'expulsion' as const };
    const a = await db.store.saveEvent(
      extracted({ ...measure, count: 12, date: '2022-05-10', evidence: 'Poland expels 12 Belarusian diplomats.' }),
      source('https://a.example/pl-by', '2022-05-10', 'A'),
    );
    const b = await db.store.saveEvent(
      extracted({ ...measure, count: 21, date: '2022-05-10', evidence: 'Warsaw orders 21 Belarusian diplomats out.' }),
      source('https://b.example/pl-by', '2022-05-11', 'B'),
    );
    const c = await db.store.saveEvent(
      extracted({ ...measure, count: 12, date: null, evidence: 'The 12 Belarusian diplomats must leave within a week.' }),
      source('https://c.example/pl-by', '2022-05-13', 'C'),
    );

    expect([a.outcome, b.outcome, c.outcome]).toEqual(['created', 'merged', 'merged']);
    expect(new Set([a.event.id, b.event.id, c.event.id]).size).toBe(1);
    expect(c.event.count).toBe(12);
    expect(c.event.date).toBe('2022-05-10');
    expect(c.event.sources.map((s) => s.outlet)).toEqual(['A', 'B', 'C']);
    const mentions = await db.store.listMentions(a.event.id);
    expect(mentions.map((m) => [m.outlet, m.count, m.date, m.evidence])).toEqual([
      ['A', 12, '2022-05-10', 'Poland expels 12 Belarusian diplomats.'],
      ['B', 21, '2022-05-10', 'Warsaw orders 21 Belarusian diplomats out.'],
      ['C', 12, null, 'The 12 Belarusian diplomats must leave within a week.'],
    ]);
    expect(await db.store.findEvents({ expelling: 'PL', expelled: 'BY' })).toHaveLength(1);
  });

  it('adds nothing when the same three articles are processed again', async () => {
    const measure = { expelling_country: 'PL', expelled_country: 'BY', action: 'expulsion' as const };
    const [before] = await db.store.findEvents({ expelling: 'PL', expelled: 'BY' });

    const outcomes = [
      await db.store.saveEvent(extracted({ ...measure, count: 12, date: '2022-05-10', evidence: 'Poland expels 12 Belarusian diplomats.' }), source('https://a.example/pl-by', '2022-05-10', 'A')),
      await db.store.saveEvent(extracted({ ...measure, count: 21, date: '2022-05-10', evidence: 'Warsaw orders 21 Belarusian diplomats out.' }), source('https://b.example/pl-by', '2022-05-11', 'B')),
      await db.store.saveEvent(extracted({ ...measure, count: 12, date: null, evidence: 'The 12 Belarusian diplomats must leave within a week.' }), source('https://c.example/pl-by', '2022-05-13', 'C')),
    ].map((r) => r.outcome);

    expect(outcomes).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await db.store.findEvents({ expelling: 'PL', expelled: 'BY' })).toEqual([before]);
    expect(await db.store.listMentions(before!.id)).toHaveLength(3);
  });

  it('keeps two rounds of the same pair 60 days apart as two events', async () => {
    const first = await db.store.saveEvent(extracted({ expelling_country: 'LT', expelled_country: 'RU', count: 4, date: '2022-04-04' }), source('https://a.example/lt-1', '2022-04-04'));
    const second = await db.store.saveEvent(extracted({ expelling_country: 'LT', expelled_country: 'RU', count: 4, date: '2022-06-03' }), source('https://a.example/lt-2', '2022-06-03'));

    expect([first.outcome, second.outcome]).toEqual(['created', 'created']);
    expect((await db.store.findEvents({ expelling: 'LT', expelled: 'RU' })).map((e) => e.date)).toEqual(['2022-06-03', '2022-04-04']);
  });

  it('merges reports within seven days and keeps reports eight days apart separate', async () => {
    const base = { expelling_country: 'EE', expelled_country: 'RU', count: 1 };
    const a = await db.store.saveEvent(extracted({ ...base, date: '2023-01-10' }), source('https://w.example/1', '2023-01-10'));
    const b = await db.store.saveEvent(extracted({ ...base, date: '2023-01-17' }), source('https://w.example/2', '2023-01-17'));
    const c = await db.store.saveEvent(extracted({ ...base, date: '2023-01-26' }), source('https://w.example/3', '2023-01-26'));

    expect([a.outcome, b.outcome, c.outcome]).toEqual(['created', 'merged', 'created']);
  });

  it('does not merge different action families or the reverse direction on the same day', async () => {
    const day = { date: '2017-09-01', count: null };
    const expulsion = await db.store.saveEvent(extracted({ ...day, expelling_country: 'US', expelled_country: 'RU' }), source('https://f.example/1', '2017-09-01'));
    const closure = await db.store.saveEvent(extracted({ ...day, expelling_country: 'US', expelled_country: 'RU', action: 'consulate_closure' }), source('https://f.example/2', '2017-09-01'));
    const reverse = await db.store.saveEvent(extracted({ ...day, expelling_country: 'RU', expelled_country: 'US' }), source('https://f.example/3', '2017-09-01'));
    const png = await db.store.saveEvent(extracted({ ...day, expelling_country: 'US', expelled_country: 'RU', action: 'persona_non_grata' }), source('https://f.example/4', '2017-09-02'));

    expect([expulsion.outcome, closure.outcome, reverse.outcome, png.outcome]).toEqual(['created', 'created', 'created', 'merged']);
    expect(png.event.id).toBe(expulsion.event.id);
  });

  it('merges an undated background mention published months later into the measure it recalls, preferring the same count', async () => {
    const older = await db.store.saveEvent(extracted({ expelling_country: 'CZ', expelled_country: 'RU', count: 18, date: '2021-04-17' }), source('https://g.example/1', '2021-04-17'));
    const newer = await db.store.saveEvent(extracted({ expelling_country: 'CZ', expelled_country: 'RU', count: 63, date: '2021-06-01' }), source('https://g.example/2', '2021-06-01'));
    expect(newer.outcome).toBe('created');

    const background = await db.store.saveEvent(
      extracted({ expelling_country: 'CZ', expelled_country: 'RU', count: 18, date: null, new: false, is_retaliation: false, evidence: 'In April Prague expelled 18 Russian diplomats.' }),
      source('https://g.example/later', '2021-09-30'),
    );
    const uncounted = await db.store.saveEvent(
      extracted({ expelling_country: 'CZ', expelled_country: 'RU', count: null, date: null, new: false }),
      source('https://g.example/later-2', '2021-10-15'),
    );

    expect(background).toMatchObject({ outcome: 'merged', event: { id: older.event.id, date: '2021-04-17', count: 18 } });
    expect(uncounted).toMatchObject({ outcome: 'merged', event: { id: newer.event.id } });
  });

  it('lets a later source refine an unknown count and date', async () => {
    const vague = await db.store.saveEvent(
      extracted({ expelling_country: 'SK', expelled_country: 'RU', count: null, date: null, evidence: 'Slovakia expels dozens of Russian diplomats.' }),
      source('https://h.example/1', '2022-03-31'),
    );
    const precise = await db.store.saveEvent(
      extracted({ expelling_country: 'SK', expelled_country: 'RU', count: 35, date: '2022-03-29', evidence: 'Slovakia ordered 35 Russian diplomats out on Tuesday.' }),
      source('https://h.example/2', '2022-04-01'),
    );

    expect(precise.outcome).toBe('merged');
    expect(precise.event).toMatchObject({ id: vague.event.id, count: 35, date: '2022-03-29', evidence: 'Slovakia ordered 35 Russian diplomats out on Tuesday.' });
  });

  it('keeps an event found nowhere dated (no date, no published day) and merges the next undated report of it', async () => {
    const a = await db.store.saveEvent(extracted({ expelling_country: 'KP', expelled_country: 'MY', date: null, count: null }), source('https://u.example/1', null));
    const b = await db.store.saveEvent(extracted({ expelling_country: 'KP', expelled_country: 'MY', date: null, count: null }), source('https://u.example/2', null));

    expect([a.outcome, b.outcome]).toEqual(['created', 'merged']);
    expect(b.event.date).toBeNull();
  });

  it('merges concurrent reports of one measure into one event', async () => {
    const reports = Array.from({ length: 6 }, (_, i) =>
      db.store.saveEvent(extracted({ expelling_country: 'SI', expelled_country: 'RU', count: 33, date: '2022-04-04' }), source(`https://c${i}.example/si`, '2022-04-04', `outlet ${i}`)),
    );
    const again = db.store.saveEvent(extracted({ expelling_country: 'SI', expelled_country: 'RU', count: 33, date: '2022-04-04' }), source('https://c0.example/si', '2022-04-04', 'outlet 0'));
    const results = await Promise.all([...reports, again]);

    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['created', 'duplicate', 'merged', 'merged', 'merged', 'merged', 'merged']);
    const stored = await db.store.findEvents({ expelling: 'SI', expelled: 'RU' });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sources).toHaveLength(6);
  });

  it('refuses a malformed event before writing', async () => {
    await expect(db.store.saveEvent(extracted({ expelling_country: 'Russia' }), source('https://bad.example/1', '2020-01-01'))).rejects.toThrow(/expelling_country/);
    await expect(db.store.saveEvent(extracted(), source('', '2020-01-01'))).rejects.toThrow(/source\.url/);
  });
});

describe('DynamoEventStore.addRespondsTo', () => {
  it('adds ids as a set union, and a merge afterwards keeps them', async () => {
    const earlier = await db.store.saveEvent(extracted({ expelling_country: 'GB', expelled_country: 'IR', date: '2011-11-30', count: null }), source('https://r.example/1', '2011-11-30'));
    const answer = await db.store.saveEvent(extracted({ expelling_country: 'IR', expelled_country: 'GB', date: '2011-12-02', count: null }), source('https://r.example/2', '2011-12-02'));

    await db.store.addRespondsTo(answer.event.id, [earlier.event.id]);
    await db.store.addRespondsTo(answer.event.id, [earlier.event.id, earlier.event.id]);
    await db.store.addRespondsTo(answer.event.id, []);
    const merged = await db.store.saveEvent(extracted({ expelling_country: 'IR', expelled_country: 'GB', date: '2011-12-02', count: null }), source('https://r.example/3', '2011-12-03'));

    expect(merged.outcome).toBe('merged');
    expect(merged.event.responds_to).toEqual([earlier.event.id]);
    expect((await db.store.getEvent(answer.event.id))!.responds_to).toEqual([earlier.event.id]);
  });

  it('fails for an unknown event', async () => {
    await expect(db.store.addRespondsTo('ev_unknown', ['ev_other'])).rejects.toThrow(/no stored event/);
  });
});

describe('DynamoEventStore errors', () => {
  it('turns an infrastructure failure into store_unavailable with the cause', async () => {
    const store = new DynamoEventStore({ tableName: 'no-such-table', client: db.client });
    const error = await store.getEvent('ev_x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RiposteError);
    expect(error).toMatchObject({ code: 'store_unavailable' });
    expect((error as RiposteError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('returns null for an event that is not stored', async () => {
    expect(await db.store.getEvent('ev_missing')).toBeNull();
  });
});

describe('refineFigures', () => {
  const mention = (count: number | null, date: string | null, evidence = `says ${count}`): SourceMention => ({
    url: `https://x.example/${evidence}`,
    title: null,
    published: null,
    outlet: 'x',
    count,
    date,
    action: 'expulsion',
    is_retaliation: false,
    new: true,
    evidence,
    recordedAt: '2024-01-01T00:00:00.000Z',
  });

  it('takes the figure most sources agree on, ignoring unknowns', () => {
    expect(refineFigures([mention(21, null), mention(12, '2024-05-10'), mention(null, '2024-05-10'), mention(12, '2024-05-09')])).toMatchObject({ count: 12, date: '2024-05-10', evidence: 'says 12' });
  });

  it('keeps the first-seen figure on a tie', () => {
    expect(refineFigures([mention(12, '2024-05-10'), mention(21, '2024-05-11')])).toMatchObject({ count: 12, date: '2024-05-10' });
  });

  it('marks the measure as retaliation or news when any source does', () => {
    const quiet = { ...mention(1, null), is_retaliation: false, new: false };
    const loud = { ...mention(1, null), is_retaliation: true, new: true };
    expect(refineFigures([quiet, loud])).toMatchObject({ is_retaliation: true, new: true });
  });
});
