import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { handleApiRequest, type ApiRequest, type ApiStore } from '../../shared/api/index.js';
import { startApiServer, type ApiServer } from '../../shared/cli/commands/serve.js';
import { RiposteError } from '../../shared/domain/errors.js';
import type { StoredEvent } from '../../shared/domain/event.js';
import { importRecord } from '../../shared/pipeline/import-record.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const wiki = (page: string) => ({ url: `https://en.wikipedia.org/wiki/${page}`, title: page, published: null, outlet: 'Wikipedia' });

const RECORD = [
  { expelling_country: 'CZ', expelled_country: 'RU', count: 18, action: 'expulsion', date: '2021-04-17', is_retaliation: false, evidence: 'Prague expelled 18 Russian embassy staff.', source: wiki('Vrbetice') },
  { expelling_country: 'RU', expelled_country: 'CZ', count: 20, action: 'expulsion', date: '2021-04-18', is_retaliation: true, evidence: 'Moscow expelled 20 Czech diplomats in response.', source: wiki('Vrbetice') },
  { expelling_country: 'CZ', expelled_country: 'RU', count: 63, action: 'staff_cap', date: '2021-04-22', is_retaliation: true, evidence: 'Prague capped the Russian embassy.', source: wiki('Vrbetice') },
  { expelling_country: 'US', expelled_country: 'RU', count: 10, action: 'expulsion', date: '2021-04-15', is_retaliation: false, evidence: 'Washington expelled 10 Russian diplomats.', source: wiki('US_2021') },
  { expelling_country: 'RU', expelled_country: 'US', count: 10, action: 'expulsion', date: '2021-04-16', is_retaliation: true, evidence: 'Moscow expelled 10 US diplomats.', source: wiki('US_2021') },
  { expelling_country: 'PL', expelled_country: 'RU', count: 3, action: 'persona_non_grata', date: '2021-04-15', is_retaliation: false, evidence: 'Warsaw declared 3 Russian diplomats persona non grata.', source: wiki('PL_2021') },
];

let db: TestTable;
let byDate: Map<string, StoredEvent>;

const get = (path: string, query: ApiRequest['query'] = {}) => handleApiRequest(db.store, { method: 'GET', path, query });
const body = (res: { body: string }) => JSON.parse(res.body);

beforeAll(async () => {
  db = await createTestTable('api');
  await importRecord(db.store, RECORD);
  // A second outlet reports the Czech expulsion with another figure: one event, two sources.
  await db.store.saveEvent(
    { expelling_country: 'CZ', expelled_country: 'RU', count: 21, action: 'expulsion', date: '2021-04-17', is_retaliation: false, new: true, evidence: 'Prague sends 21 Russians home.' },
    { url: 'https://news.example/cz-ru', title: 'Prague expels Russians', published: '2021-04-18', outlet: 'news.example' },
  );
  byDate = new Map((await db.store.findEvents({})).map((e) => [`${e.expelling_country}${e.expelled_country}${e.date}`, e]));
});
afterAll(() => db?.drop());

describe('handleApiRequest: GET /events', () => {
  it('answers JSON { events, cursor }, newest first, with the contract Event shape', async () => {
    const res = await get('/events');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const { events, cursor } = body(res);
    expect(cursor).toBeNull();
    expect(events).toHaveLength(6);
    expect(events.map((e: StoredEvent) => e.date)).toEqual(['2021-04-22', '2021-04-18', '2021-04-17', '2021-04-16', '2021-04-15', '2021-04-15']);
    expect(Object.keys(events[0]).sort()).toEqual(
      ['action', 'count', 'date', 'evidence', 'expelled_country', 'expelling_country', 'id', 'is_retaliation', 'new', 'responds_to', 'sources'].sort(),
    );
  });

  it('filters by country (either side), pair, dates and action', async () => {
    const dates = async (query: Record<string, string>) => body(await get('/events', query)).events.map((e: StoredEvent) => `${e.expelling_country}${e.expelled_country}${e.date}`);
    expect(await dates({ country: 'us' })).toEqual(['RUUS2021-04-16', 'USRU2021-04-15']);
    expect(await dates({ country: 'RU', with: 'CZ' })).toEqual(['CZRU2021-04-22', 'RUCZ2021-04-18', 'CZRU2021-04-17']);
    expect(await dates({ country: 'RU', since: '2021-04-16', until: '2021-04-17' })).toEqual(['CZRU2021-04-17', 'RUUS2021-04-16']);
    expect(await dates({ action: 'persona_non_grata' })).toEqual(['PLRU2021-04-15']);
    expect(await dates({ country: 'RU', with: 'CZ', action: 'staff_cap' })).toEqual(['CZRU2021-04-22']);
  });

  it('pages with limit and cursor: every event once, in order', async () => {
    const all = body(await get('/events', { country: 'RU' })).events.map((e: StoredEvent) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get('/events', { country: 'RU', limit: '2', ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const page = body(res);
      expect(page.events.length).toBeLessThanOrEqual(2);
      seen.push(...page.events.map((e: StoredEvent) => e.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  const refusals: Array<[string, Record<string, string | string[]>, RegExp]> = [
    ['a bad country code', { country: 'RUS' }, /country: an ISO 3166-1 alpha-2 code/],
    ['a country with a digit', { country: 'R1' }, /country/],
    ['with without country', { with: 'CZ' }, /with: needs country/],
    ['a malformed date', { since: '17/04/2021' }, /since: a date as YYYY-MM-DD/],
    ['a day that does not exist', { until: '2021-02-31' }, /until: a date/],
    ['since after until', { since: '2021-05-01', until: '2021-04-01' }, /since: after until/],
    ['an unknown action', { action: 'sanction' }, /action: one of expulsion/],
    ['limit 0', { limit: '0' }, /limit: a whole number from 1 to 100/],
    ['limit 101', { limit: '101' }, /limit/],
    ['a fractional limit', { limit: '2.5' }, /limit/],
    ['a text limit', { limit: 'ten' }, /limit/],
    ['a garbage cursor', { cursor: 'abc' }, /invalid cursor/],
    ['an unknown parameter', { contry: 'RU' }, /unknown parameter "contry"/],
    ['a repeated parameter', { country: ['RU', 'CZ'] }, /country: give it once/],
  ];
  for (const [name, query, message] of refusals) {
    it(`refuses ${name} with 400 and a message`, async () => {
      const res = await get('/events', query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(body(res)).toEqual({ error: 'bad_request', message: expect.stringMatching(message) });
    });
  }

  it('refuses a cursor of another query with 400', async () => {
    const { cursor } = body(await get('/events', { country: 'RU', limit: '1' }));
    expect(cursor).toEqual(expect.any(String));
    const res = await get('/events', { country: 'CZ', limit: '1', cursor });
    expect(res.status).toBe(400);
    expect(body(res).message).toMatch(/invalid cursor/);
  });
});

describe('handleApiRequest: GET /events/{id}', () => {
  it('gives the event, every source with its own figures, its round, what it answers and what answers it', async () => {
    const czech = byDate.get('CZRU2021-04-17')!;
    const russian = byDate.get('RUCZ2021-04-18')!;
    const cap = byDate.get('CZRU2021-04-22')!;
    const res = await get(`/events/${czech.id}`);
    expect(res.status).toBe(200);
    const detail = body(res);
    expect(detail.event).toEqual(czech);
    expect(detail.sources).toEqual([
      expect.objectContaining({ outlet: 'Wikipedia', count: 18, evidence: 'Prague expelled 18 Russian embassy staff.', recorded_at: expect.any(String) }),
      expect.objectContaining({ outlet: 'news.example', url: 'https://news.example/cz-ru', count: 21, published: '2021-04-18' }),
    ]);
    expect(detail.round).toBe(1);
    expect(detail.answers).toEqual([]);
    expect(detail.answered_by.map((e: StoredEvent) => e.id)).toEqual([russian.id]);

    const middle = body(await get(`/events/${russian.id}`));
    expect(middle.round).toBe(2);
    expect(middle.answers.map((e: StoredEvent) => e.id)).toEqual([czech.id]);
    expect(middle.answered_by.map((e: StoredEvent) => e.id)).toEqual([cap.id]);
    expect(body(await get(`/events/${cap.id}`)).round).toBe(3);
  });

  it('answers 404 for an unknown id, an odd id and an unknown path', async () => {
    for (const path of ['/events/ev_000000000000000000000000', '/events/%E0%A4%A', '/events/a%2Fb', '/events/x/y', '/nope', '/', '/eventsx']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(body(res)).toEqual({ error: 'not_found', message: expect.any(String) });
    }
  });

  it('answers 405 with Allow: GET for other methods', async () => {
    for (const method of ['POST', 'DELETE', 'PUT']) {
      const res = await handleApiRequest(db.store, { method, path: '/events' });
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET');
    }
  });
});

describe('handleApiRequest: failures', () => {
  const broken = (error: Error): ApiStore => ({
    getEvent: async () => {
      throw error;
    },
    findEvents: async () => {
      throw error;
    },
    findEventsPage: async () => {
      throw error;
    },
  });

  it('never shows a stack trace or an internal message', async () => {
    const logged: string[] = [];
    const secret = new Error('connect ECONNREFUSED 10.1.2.3:8000 table riposte-prod');
    for (const path of ['/events', '/events/ev_1']) {
      const res = await handleApiRequest(broken(secret), { method: 'GET', path }, { logError: (m) => void logged.push(m) });
      expect(res.status).toBe(500);
      expect(res.body).toBe(JSON.stringify({ error: 'internal', message: 'internal error' }));
    }
    expect(logged.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('answers 503 when the store is unavailable', async () => {
    const res = await handleApiRequest(broken(new RiposteError('store_unavailable', 'store: cannot find events (throttled)')), { method: 'GET', path: '/events' }, { logError: () => undefined });
    expect(res.status).toBe(503);
    expect(res.body).not.toMatch(/throttled|at /);
  });
});

describe('over HTTP', () => {
  let server: ApiServer;
  beforeAll(async () => {
    server = await startApiServer(db.store, { port: 0 });
  });
  afterAll(() => server?.close());

  it('serves both routes, the query string decoded, with JSON content type', async () => {
    const list = await fetch(`${server.url}/events?country=ru&with=CZ&limit=2`);
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const page = await list.json();
    expect(page.events).toHaveLength(2);
    const next = await (await fetch(`${server.url}/events?country=ru&with=CZ&limit=2&cursor=${encodeURIComponent(page.cursor)}`)).json();
    expect(next).toEqual({ events: [expect.objectContaining({ date: '2021-04-17' })], cursor: null });

    const one = await fetch(`${server.url}/events/${page.events[0].id}`);
    expect(one.status).toBe(200);
    expect((await one.json()).event.id).toBe(page.events[0].id);
  });

  it('answers 400, 404 and 405 as the handler does', async () => {
    expect((await fetch(`${server.url}/events?limit=500`)).status).toBe(400);
    expect((await fetch(`${server.url}/events?country=RU&country=CZ`)).status).toBe(400);
    expect((await fetch(`${server.url}/missing`)).status).toBe(404);
    const post = await fetch(`${server.url}/events`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('riposte serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid && child.exitCode === null) child.kill('SIGTERM');
  });

  it('serves the store named by the environment until it is stopped', async () => {
    child = spawn(process.execPath, [path.resolve('bin/riposte.cjs'), 'serve', '--port', '0'], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: inject('ddbEndpoint')!,
        RIPOSTE_TABLE: db.tableName,
        AWS_REGION: 'local',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${output}`)), 25_000);
      child!.stdout!.on('data', () => {
        const found = /Riposte API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child!.once('exit', () => reject(new Error(`serve exited: ${output}`)));
    });

    const res = await fetch(`${url}/events?country=US`);
    expect(res.status).toBe(200);
    expect((await res.json()).events).toHaveLength(2);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/Stopped\./);
  }, 40_000);
});
