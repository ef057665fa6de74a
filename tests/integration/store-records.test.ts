import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../shared/domain/alert.js';
import type { StoredEvent } from '../../shared/domain/event.js';
import { storedEvent } from '../helpers/events.js';
import type { ArticleRecord, FeedState } from '../../shared/store/event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

let db: TestTable;
beforeAll(async () => {
  db = await createTestTable('records');
});
afterAll(async () => {
  await db?.drop();
});

function feedState(overrides: Partial<FeedState> = {}): FeedState {
  return {
    name: 'tass',
    url: 'https://tass.example/rss.xml',
    status: 'ok',
    error: null,
    items: 20,
    lastPolledAt: '2026-11-20T10:00:00.000Z',
    etag: '"abc"',
    lastModified: 'Fri, 20 Nov 2026 09:59:00 GMT',
    consecutiveFailures: 0,
    ...overrides,
  };
}

describe('feed state', () => {
  it('round-trips, and the latest write wins', async () => {
    expect(await db.store.getFeedState('https://tass.example/rss.xml')).toBeNull();
    await db.store.putFeedState(feedState());
    expect(await db.store.getFeedState('https://tass.example/rss.xml')).toEqual(feedState());

    const failed = feedState({ status: 'error', error: 'timeout: no answer in 10 s', consecutiveFailures: 1, etag: null });
    await db.store.putFeedState(failed);
    await db.store.putFeedState(failed);
    expect(await db.store.getFeedState('https://tass.example/rss.xml')).toEqual(failed);
  });

  it('lists every feed by name', async () => {
    await db.store.putFeedState(feedState({ name: 'bbc', url: 'https://bbc.example/rss', status: 'never', lastPolledAt: null, etag: null, lastModified: null, items: 0 }));
    const states = await db.store.listFeedStates();
    expect(states.map((s) => [s.name, s.status])).toEqual([
      ['bbc', 'never'],
      ['tass', 'error'],
    ]);
  });
});

describe('articles', () => {
  const article: ArticleRecord = {
    url: 'https://tass.example/news/1',
    feed: 'tass',
    title: 'Russia expels diplomats',
    published: '2026-11-20',
    status: 'processed',
    error: null,
    eventIds: ['ev_1'],
    processedAt: '2026-11-20T10:01:00.000Z',
  };

  it('is created once; a second put is a duplicate and changes nothing', async () => {
    expect(await db.store.getArticle(article.url)).toBeNull();
    expect(await db.store.putArticle(article)).toBe('created');
    expect(await db.store.putArticle({ ...article, status: 'error', error: 'changed', eventIds: [] })).toBe('duplicate');
    expect(await db.store.getArticle(article.url)).toEqual(article);
  });

  it('links an article to the events read from it', async () => {
    const url = 'https://tass.example/news/2';
    const saved = await db.store.saveEvent(
      { expelling_country: 'RU', expelled_country: 'EE', count: 1, action: 'expulsion', date: '2026-11-19', is_retaliation: true, new: true, evidence: 'e' },
      { url, title: null, published: '2026-11-20', outlet: 'tass' },
    );
    expect(await db.store.listArticleEventIds(url)).toEqual([saved.event.id]);
  });
});

describe('alerts', () => {
  const event: StoredEvent = storedEvent({
    id: 'ev_answer',
    evidence: 'Russia will expel 60 US diplomats.',
    sources: [{ url: 'https://x.example/1', title: null, published: '2018-03-29', outlet: 'x' }],
    responds_to: ['ev_earlier'],
  });
  function record(id: string, overrides: Partial<AlertRecord> = {}): AlertRecord {
    return {
      id,
      subscriber: 'ops',
      channel: 'webhook',
      eventId: event.id,
      alert: { type: 'retaliation', id, event, matches: [{ event: { ...event, id: 'ev_earlier', expelling_country: 'US', expelled_country: 'RU', responds_to: [] }, score: 0.93, reasons: ['reverse direction', 'same count (60)'] }] },
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: '2026-11-20T10:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
      ...overrides,
    };
  }

  it('is created once per (id, channel); a second create is a duplicate', async () => {
    expect(await db.store.createAlert(record('al_1'))).toBe('created');
    expect(await db.store.createAlert(record('al_1', { subscriber: 'changed' }))).toBe('duplicate');
    expect(await db.store.createAlert(record('al_1', { channel: 'email' }))).toBe('created');
    expect(await db.store.listAlerts({ status: 'pending' })).toEqual([record('al_1', { channel: 'email' }), record('al_1')]);
  });

  it('updates status, attempts and error, and moves between status lists', async () => {
    await db.store.createAlert(record('al_2', { createdAt: '2026-11-20T11:00:00.000Z', updatedAt: '2026-11-20T11:00:00.000Z' }));
    await db.store.updateAlert('al_2', 'webhook', { status: 'failed', attempts: 3, lastError: 'http_status: 500' });
    await db.store.updateAlert('al_1', 'webhook', { status: 'sent', attempts: 1, lastError: null });

    const failed = await db.store.listAlerts({ status: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 'al_2', status: 'failed', attempts: 3, lastError: 'http_status: 500' });
    expect(failed[0]!.updatedAt > '2026-11-20T11:00:00.000Z').toBe(true);
    expect(failed[0]!.alert).toEqual(record('al_2').alert);
    expect((await db.store.listAlerts({ status: 'sent' })).map((a) => `${a.id}/${a.channel}`)).toEqual(['al_1/webhook']);
    expect((await db.store.listAlerts({ status: 'pending' })).map((a) => `${a.id}/${a.channel}`)).toEqual(['al_1/email']);
  });

  it('lists all alerts oldest first when no status is given', async () => {
    expect((await db.store.listAlerts()).map((a) => `${a.id}/${a.channel}/${a.status}`)).toEqual(['al_1/email/pending', 'al_1/webhook/sent', 'al_2/webhook/failed']);
  });

  it('refuses to update an alert that was never created', async () => {
    await expect(db.store.updateAlert('al_missing', 'email', { status: 'sent', attempts: 1, lastError: null })).rejects.toThrow(/no alert al_missing/);
    expect((await db.store.listAlerts()).map((a) => a.id)).not.toContain('al_missing');
  });
});
