import { ACTIONS, effectiveDate, type Action, type StoredEvent } from '../domain/event.js';
import { isIsoDate } from '../domain/dates.js';
import { describeError } from '../domain/errors.js';
import { buildChain, roundOf } from '../match/chains.js';
import { InvalidCursorError, type EventPageQuery, type EventStore, type SourceMention } from '../store/event-store.js';

/**
 * The query API, with no web framework: `riposte serve` (node:http) and the AWS query Lambda
 * both translate their request into an ApiRequest and send back the ApiResponse as it is.
 *
 * Routes:
 * - `GET /events?country=&with=&since=&until=&action=&limit=&cursor=` → `{ events, cursor }`
 * - `GET /events/{id}` → `{ event, sources, round, answers, answered_by }`
 */

export interface ApiRequest {
  method: string;
  /** The path only, e.g. `/events/ev_123`; a query string here is ignored. */
  path: string;
  /** Decoded query parameters; a repeated parameter may come as an array (it is refused). */
  query?: Record<string, string | string[] | undefined> | null;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON text. */
  body: string;
}

/** What the API reads: the store port with its paging and per-source figures. */
export type ApiStore = Pick<EventStore, 'getEvent' | 'findEvents' | 'findEventsPage' | 'listMentions'>;

export interface ApiOptions {
  /** Where unexpected failures are reported (the client only gets a generic message). Default: console.error. */
  logError?: (message: string, error: unknown) => void;
}

/** Default and largest page of `GET /events`. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_API_PAGE_SIZE = 100;

const EVENTS_QUERY_PARAMS = new Set(['country', 'with', 'since', 'until', 'action', 'limit', 'cursor']);
const EVENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

const HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A refusal with its HTTP status and a message meant for the client. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Answers one API request. Never throws: a bad request is a 400 with a message, an unknown id or
 * path a 404, another method a 405, a failure a 500/503 without any internals.
 *
 * @example
 * const res = await handleApiRequest(store, { method: 'GET', path: '/events', query: { country: 'RU', limit: '20' } });
 * // res.status === 200, JSON.parse(res.body) → { events: [...], cursor: '...' | null }
 */
export async function handleApiRequest(store: ApiStore, request: ApiRequest, options: ApiOptions = {}): Promise<ApiResponse> {
  try {
    const path = normalisePath(request.path);
    if (path === '/events') {
      allowGet(request.method);
      return json(200, await listEvents(store, request.query ?? {}));
    }
    const match = /^\/events\/([^/]+)$/.exec(path);
    if (match) {
      allowGet(request.method);
      return json(200, await eventDetail(store, decodeSegment(match[1]!)));
    }
    throw new ApiError(404, 'not_found', `no such resource: ${path}`);
  } catch (error) {
    if (error instanceof ApiError) return json(error.status, { error: error.code, message: error.message }, error.extraHeaders);
    if (error instanceof InvalidCursorError) return json(400, { error: 'bad_request', message: error.message });
    const unavailable = (error as { code?: unknown } | null)?.code === 'store_unavailable';
    (options.logError ?? defaultLogError)(`api ${request.method} ${request.path}: ${describeError(error)}`, error);
    return unavailable
      ? json(503, { error: 'unavailable', message: 'the event store is unavailable; try again later' })
      : json(500, { error: 'internal', message: 'internal error' });
  }
}

async function listEvents(store: ApiStore, params: Record<string, string | string[] | undefined>): Promise<{ events: StoredEvent[]; cursor: string | null }> {
  const query = parseEventsQuery(params);
  if (!store.findEventsPage) throw new Error('this store does not page events');
  return store.findEventsPage(query);
}

/** Checks and converts the query string of `GET /events`; throws a 400 naming the parameter. */
export function parseEventsQuery(params: Record<string, string | string[] | undefined>): EventPageQuery {
  const value = (name: string): string | undefined => {
    const raw = params[name];
    if (Array.isArray(raw)) throw badRequest(`${name}: give it once`);
    return raw === undefined || raw === '' ? undefined : raw;
  };
  for (const name of Object.keys(params)) {
    if (!EVENTS_QUERY_PARAMS.has(name)) throw badRequest(`unknown parameter "${name}" (known: ${[...EVENTS_QUERY_PARAMS].join(', ')})`);
  }
  const country = optionalCountry('country', value('country'));
  const other = optionalCountry('with', value('with'));
  if (other && !country) throw badRequest('with: needs country');
  const since = optionalDate('since', value('since'));
  const until = optionalDate('until', value('until'));
  if (since && until && since > until) throw badRequest('since: after until');
  const action = value('action');
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) throw badRequest(`action: one of ${ACTIONS.join(', ')}`);
  const limitText = value('limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== undefined) {
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_API_PAGE_SIZE) {
      throw badRequest(`limit: a whole number from 1 to ${MAX_API_PAGE_SIZE}`);
    }
    limit = Number(limitText);
  }
  return { country, with: other, since, until, action: action as Action | undefined, limit, cursor: value('cursor') ?? null };
}

interface EventDetail {
  event: StoredEvent;
  /** Every outlet's report, with the figures that outlet gave, in the order recorded. */
  sources: Array<{
    url: string;
    title: string | null;
    published: string | null;
    outlet: string;
    count: number | null;
    date: string | null;
    action: Action;
    is_retaliation: boolean;
    new: boolean;
    evidence: string;
    recorded_at: string | null;
  }>;
  /** Its round number in the pair's chain (1 = an opening move). */
  round: number | null;
  /** The earlier events it answers, oldest first. */
  answers: StoredEvent[];
  /** The later events that answer it, oldest first. */
  answered_by: StoredEvent[];
}

async function eventDetail(store: ApiStore, id: string): Promise<EventDetail> {
  if (!EVENT_ID.test(id)) throw new ApiError(404, 'not_found', 'no such event');
  const event = await store.getEvent(id);
  if (!event) throw new ApiError(404, 'not_found', `no such event: ${id}`);

  const [mentions, pairEvents] = await Promise.all([
    store.listMentions ? store.listMentions(id) : Promise.resolve(null),
    store.findEvents({ country: event.expelling_country, with: event.expelled_country }),
  ]);
  const inPair = pairEvents.some((e) => e.id === id) ? pairEvents : [...pairEvents, event];
  const byId = new Map(inPair.map((e) => [e.id, e]));
  const answers = await Promise.all(event.responds_to.map(async (earlierId) => byId.get(earlierId) ?? (await store.getEvent(earlierId))));
  const answeredBy = inPair.filter((e) => e.responds_to.includes(id));
  // A store could hold a country on both sides; it has no pair to chain.
  const chain = event.expelling_country === event.expelled_country ? null : buildChain(inPair);

  return {
    event,
    sources: mentions ? mentions.map(toSourceView) : event.sources.map((s) => toSourceView({ ...s, ...figuresOf(event), recordedAt: null })),
    round: chain ? (roundOf(chain, id)?.number ?? null) : null,
    answers: answers.filter((e): e is StoredEvent => !!e).sort(oldestFirst),
    answered_by: answeredBy.sort(oldestFirst),
  };
}

/** Without per-source figures, each source is shown with the event's. */
function figuresOf(event: StoredEvent): Pick<SourceMention, 'count' | 'date' | 'action' | 'is_retaliation' | 'new' | 'evidence'> {
  return { count: event.count, date: event.date, action: event.action, is_retaliation: event.is_retaliation, new: event.new, evidence: event.evidence };
}

function toSourceView(m: Omit<SourceMention, 'recordedAt'> & { recordedAt: string | null }): EventDetail['sources'][number] {
  return {
    url: m.url,
    title: m.title,
    published: m.published,
    outlet: m.outlet,
    count: m.count,
    date: m.date,
    action: m.action,
    is_retaliation: m.is_retaliation,
    new: m.new,
    evidence: m.evidence,
    recorded_at: m.recordedAt,
  };
}

function oldestFirst(a: StoredEvent, b: StoredEvent): number {
  const left = effectiveDate(a) ?? '\uffff';
  const right = effectiveDate(b) ?? '\uffff';
  return left < right ? -1 : left > right ? 1 : a.id.localeCompare(b.id);
}

function optionalCountry(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const code = raw.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw badRequest(`${name}: an ISO 3166-1 alpha-2 code such as RU`);
  return code;
}

function optionalDate(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // Date.parse accepts 2021-02-31; a real day reads back the same.
  if (!isIsoDate(raw) || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) throw badRequest(`${name}: a date as YYYY-MM-DD`);
  return raw;
}

function allowGet(method: string): void {
  if (method.toUpperCase() !== 'GET') throw new ApiError(405, 'method_not_allowed', `${method} is not allowed here; use GET`, { allow: 'GET' });
}

function normalisePath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.length > 1 ? bare.replace(/\/+$/, '') : bare;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(404, 'not_found', 'no such event');
  }
}

function badRequest(message: string): ApiError {
  return new ApiError(400, 'bad_request', message);
}

function json(status: number, payload: unknown, extraHeaders: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...HEADERS, ...extraHeaders }, body: JSON.stringify(payload) };
}

function defaultLogError(message: string, error: unknown): void {
  console.error(message, error);
}
