import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedEvent, Source } from '../../shared/domain/event.js';
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
  it('creates an event and returns it with its source', async () => {
    const result = await db.store.saveEvent(extracted(), source('https://a.example/1', '2018-03-17', 'A'));
    expect(result.outcome).toBe('created');
    expect(result.event).toMatchObject({ expelling_country: 'RU', expelled_country: 'GB', count: 23, date: '2018-03-17', responds_to: [] });
    expect(result.event.sources).toEqual([{ url: 'https://a.example/1', title: 'title of https://a.example/1', published: '2018-03-17', outlet: 'A' }]);
    expect(await db.store.getEvent(result.event.id)).toEqual(result.event);
  });
});
