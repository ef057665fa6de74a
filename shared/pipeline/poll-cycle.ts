import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Config, FeedConfig } from '../domain/config.js';
import type { FeedItem } from '../domain/article.js';
import type { StoredEvent } from '../domain/event.js';
import type { RoundMatch } from '../domain/alert.js';
import { RateLimitedError, RiposteError, describeError } from '../domain/errors.js';
import type { ArticleRecord, EventStore, FeedState, SaveEventOutcome } from '../store/event-store.js';
import { fetchResource, HostGate, type HostGateOptions, type HttpRequestOptions } from '../fetch/index.js';
import { parseFeed } from '../feed/index.js';
import { processArticle, type ArticleOutcome, type PreparedArticle } from './process-article.js';
import { findRounds } from './find-rounds.js';
import { withRoundContext } from './watches.js';
import { restingUntil } from './plan-cycle.js';
import { dispatchAlerts, retryAlerts, type AlertChannels, type DispatchReport } from '../alert/index.js';

export const FEED_MAX_BYTES = 10 * 1024 * 1024;
const FEED_CONCURRENCY = 8;
const ARTICLE_CONCURRENCY = 4;
/**
 * A feed state that changed only in `lastPolledAt` is written at most this often: an unchanged
 * feed polled every few minutes costs no write per poll, and its stored lastPolledAt (what
 * `riposte feeds` shows) is at most this old while it keeps being polled. Any other change
 * (status, error, items, validators, body hash) is written at once.
 */
export const FEED_STATE_HEARTBEAT_MS = 6 * 60 * 60_000;
/**
 * The poll interval the local cycle's backoff counts in (`riposte poll` from cron, `npm start`):
 * a feed failing n >= 2 times in a row rests 2^(n−1) of them, as on the scheduled AWS path.
 */
export const LOCAL_POLL_EVERY_MINUTES = 5;

export interface PollDeps {
  store: EventStore;
  config: Config;
  /** Webhook sender and mailer; absent channels are not delivered (and recorded as failed). */
  channels: AlertChannels;
  clock?: () => Date;
  /**
   * Send the deliveries an interrupted earlier cycle left pending, first (default true). The AWS
   * feed workers run many one-feed cycles at once and set it to false: there the resume is its
   * own step (`resumePendingAlerts`), run once per scheduled tick.
   */
  resumePending?: boolean;
  /**
   * Backoff for feeds that keep failing (the rule of `restingUntil`). Default: on, counted in
   * LOCAL_POLL_EVERY_MINUTES. The AWS feed workers set it to false: their tick already planned it.
   * A feed's Retry-After is honoured either way.
   */
  backoff?: { everyMinutes: number } | false;
  /** Per-host concurrency and delay between requests within the cycle (HostGate defaults). */
  politeness?: HostGateOptions;
  /** Name resolution and address rule for every feed and article request (tests, embedding). */
  network?: HttpRequestOptions['network'];
  /**
   * Feed states already read, by URL (null: never polled): the planner's, carried in the work
   * message. A feed listed here is not read from the store; its state write is conditional on
   * that state still being the stored one either way.
   */
  knownStates?: ReadonlyMap<string, FeedState | null>;
  /** Write a state that changed only in lastPolledAt at most this often (default FEED_STATE_HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** A gate shared with cycles running at once (a worker's batch of feeds); default: this cycle's own. */
  gate?: HostGate;
  /** Wall-clock ms (Date.now()) after which no article fetch starts: the rest is deferred to the next cycle. */
  deadline?: number;
}

export interface FeedOutcome {
  name: string;
  url: string;
  /** skipped: not polled this cycle (a Retry-After, or backoff); `error` says why. */
  status: 'ok' | 'not_modified' | 'error' | 'skipped';
  error: string | null;
  items: number;
  newItems: number;
  /** The state was not written: another run wrote a newer one since this poll's was read. */
  staleState?: true;
}

export interface CycleReport {
  startedAt: string;
  finishedAt: string;
  feeds: FeedOutcome[];
  articles: ArticleOutcome[];
  events: Array<{ event: StoredEvent; outcome: SaveEventOutcome }>;
  rounds: Array<{ event: StoredEvent; matches: RoundMatch[] }>;
  alerts: DispatchReport;
  /** Deliveries left pending by an interrupted earlier cycle and sent now. */
  resumed: DispatchReport;
}

interface PendingItem extends FeedItem {
  feed: string;
}

/**
 * One poll cycle: every feed with a conditional GET, every new article once, in publication
 * order; new events stored, matched against earlier rounds, and alerted. A broken feed or page is
 * recorded with its reason and the cycle goes on; only a store that cannot be reached stops it.
 *
 * A feed's new validators (ETag, Last-Modified) are saved only after its new articles have been
 * processed, so a cycle killed half-way is redone by the next one instead of being lost.
 */
export async function pollCycle(deps: PollDeps): Promise<CycleReport> {
  const clock = deps.clock ?? (() => new Date());
  const startedAt = clock().toISOString();
  const { store, config } = deps;
  const alertDeps = alertDepsOf(deps, clock);

  const resumed = deps.resumePending === false ? emptyDispatchReport() : await retryAlerts(alertDeps, { status: 'pending' });

  const gate = deps.gate ?? new HostGate(deps.politeness);
  const limitFeeds = pLimit(FEED_CONCURRENCY);
  const polled = await Promise.all(config.feeds.map((feed) => limitFeeds(() => pollFeed(deps, feed, clock, gate))));

  // One article in several feeds is one article: the first feed (in config order) names it.
  const byUrl = new Map<string, PendingItem>();
  for (const { items } of polled) for (const item of items) if (!byUrl.has(item.link)) byUrl.set(item.link, item);
  const queue = [...byUrl.values()].sort(byPublication);

  // Fetching and reading run in parallel; storing and matching run in publication order.
  const limitArticles = pLimit(ARTICLE_CONCURRENCY);
  const prepared = queue.map((item) =>
    limitArticles(() =>
      deps.deadline !== undefined && Date.now() >= deps.deadline
        ? Promise.resolve(outOfTime(item))
        : processArticle.prepare(item, { allowPrivate: config.network.allowPrivate, network: deps.network, gate }),
    ),
  );

  const articles: ArticleOutcome[] = [];
  const events: CycleReport['events'] = [];
  const rounds: CycleReport['rounds'] = [];
  const records: ArticleRecord[] = [];
  for (let i = 0; i < queue.length; i++) {
    const { record, ...outcome } = await processArticle.store(await prepared[i]!, { store, clock, recordLater: true });
    if (record) records.push(record);
    articles.push(outcome);
    for (const saved of outcome.saved) {
      events.push(saved);
      // A 'duplicate' is this same article read again after a cycle that stopped before recording
      // it: match it again, or its alerts would be lost.
      if (saved.outcome === 'merged') continue;
      rounds.push(...(await findRounds(store, saved.event, { windowDays: config.matching.windowDays })));
    }
  }

  const alerts = await dispatchAlerts(alertDeps, await withRoundContext(store, rounds));

  // Article records after the alerts: a cycle stopped before this point reads those articles
  // again, finds their events stored ('duplicate') and matches and alerts them once more, the
  // delivery records keeping what was already sent from going out twice.
  for (const record of records) await store.putArticle(record);

  // Feed state last: the validators now describe a feed whose articles are all recorded. A feed
  // with an article deferred to the next cycle keeps its old validators, so that next cycle
  // reads the feed in full again instead of getting a 304 and losing the article.
  const deferred = new Set(articles.filter((a) => a.status === 'deferred').map((a) => a.url));
  const deferredKeys = new Set([...deferred].map(itemKey));
  const feeds: FeedOutcome[] = [];
  for (const result of polled) {
    if (result.skipped) {
      feeds.push(result.outcome);
      continue;
    }
    const keepOld = result.items.some((item) => deferred.has(item.link));
    const state = keepOld
      ? withBodyHash(
          {
            ...result.state,
            etag: result.previous.etag,
            lastModified: result.previous.lastModified,
            seenItems: result.state.seenItems?.filter((key) => !deferredKeys.has(key)),
          },
          result.previous.bodyHash,
        )
      : result.state;
    // An unchanged feed (a 304, nothing else new) costs no write until its heartbeat is due.
    // The write replaces only the state this poll started from: if another run (a stale or
    // repeated message) wrote since, its state stands; this run's articles are recorded anyway.
    const written = unchangedWithinHeartbeat(result.stored, state, deps.heartbeatMs ?? FEED_STATE_HEARTBEAT_MS)
      ? 'unchanged'
      : await store.putFeedState(state, { lastPolledAt: result.stored?.lastPolledAt ?? null });
    feeds.push(written === 'stale' ? { ...result.outcome, staleState: true } : result.outcome);
  }

  return { startedAt, finishedAt: clock().toISOString(), feeds, articles, events, rounds, alerts, resumed };
}

/**
 * The first step of a cycle on its own: sends the deliveries left pending by an interrupted run
 * (once their lease is over). Not safe to run in several processes at once, so the AWS path runs
 * it once per scheduled tick.
 */
export async function resumePendingAlerts(deps: Omit<PollDeps, 'resumePending'>): Promise<DispatchReport> {
  return retryAlerts(alertDepsOf(deps, deps.clock ?? (() => new Date())), { status: 'pending' });
}

function alertDepsOf(deps: Omit<PollDeps, 'resumePending'>, clock: () => Date) {
  return {
    store: deps.store,
    subscribers: deps.config.subscribers,
    channels: deps.channels,
    emailFrom: deps.config.email?.from,
    allowPrivate: deps.config.network.allowPrivate,
    clock,
  };
}

function emptyDispatchReport(): DispatchReport {
  return { sent: 0, failed: 0, skipped: 0, alreadySent: 0, inFlight: 0, deliveries: [], lines: [] };
}

async function pollFeed(
  deps: PollDeps,
  feed: FeedConfig,
  clock: () => Date,
  gate: HostGate,
): Promise<PolledFeed> {
  const { store, config } = deps;
  const previous = deps.knownStates?.has(feed.url) ? (deps.knownStates.get(feed.url) ?? null) : await store.getFeedState(feed.url);
  const base: FeedState = previous
    ? { ...previous, name: feed.name }
    : {
        name: feed.name,
        url: feed.url,
        status: 'never',
        error: null,
        items: 0,
        lastPolledAt: null,
        etag: null,
        lastModified: null,
        consecutiveFailures: 0,
      };
  const polledAt = clock().toISOString();
  const previousValidators = { etag: base.etag, lastModified: base.lastModified, bodyHash: base.bodyHash };
  const resting = previous ? restingUntil(previous, deps.backoff === false ? null : (deps.backoff?.everyMinutes ?? LOCAL_POLL_EVERY_MINUTES)) : null;
  if (resting !== null && resting > clock().getTime()) {
    const until = new Date(resting).toISOString();
    const reason = previous?.retryAfter && Date.parse(previous.retryAfter) >= resting
      ? `rate_limited: retry after ${until} (not polled)`
      : `backoff: ${base.consecutiveFailures} failures in a row, next try after ${until} (last: ${base.error ?? 'unknown'})`;
    return { skipped: true, state: base, previous: previousValidators, stored: previous, outcome: { ...outcomeOf(base, 'skipped', 0), error: reason }, items: [] };
  }
  const ok = withoutRetryAfter(base);
  try {
    const response = await gate.run(feed.url, () =>
      fetchResource(feed.url, {
        etag: base.etag,
        lastModified: base.lastModified,
        maxBytes: FEED_MAX_BYTES,
        allowPrivate: config.network.allowPrivate,
        network: deps.network,
      }),
    );
    const unchanged = (validators: Partial<FeedState> = {}): PolledFeed => {
      const state: FeedState = { ...ok, status: 'ok', error: null, lastPolledAt: polledAt, ...validators, consecutiveFailures: 0 };
      return { state, previous: previousValidators, stored: previous, outcome: outcomeOf(state, 'not_modified', 0), items: [] };
    };
    if (response.notModified) return unchanged();
    const bodyHash = createHash('sha256').update(response.body).digest('hex').slice(0, 16);
    // The same bytes as the last read whose items were all recorded: unchanged, not parsed.
    if (previous?.bodyHash === bodyHash) return unchanged({ etag: response.etag, lastModified: response.lastModified });
    const parsed = await parseFeed(response.body, { contentType: response.contentType, url: response.url });
    // Only items this feed did not list at its last read are looked up: an unchanged feed
    // answering 200 then costs no reads beyond its own state.
    const seen = new Set(base.seenItems ?? []);
    const fresh: PendingItem[] = [];
    for (const item of parsed.items) {
      if (seen.has(itemKey(item.link))) continue;
      const known = await store.getArticle(item.link);
      if (!known) fresh.push({ ...item, feed: feed.name });
    }
    const state: FeedState = {
      ...ok,
      status: 'ok',
      error: null,
      items: parsed.items.length,
      lastPolledAt: polledAt,
      etag: response.etag,
      lastModified: response.lastModified,
      consecutiveFailures: 0,
      seenItems: [...new Set(parsed.items.map((item) => itemKey(item.link)))],
      bodyHash,
    };
    return { state, previous: previousValidators, stored: previous, outcome: outcomeOf(state, 'ok', fresh.length), items: fresh };
  } catch (error) {
    if (isStoreFailure(error)) throw error;
    if (error instanceof RateLimitedError) {
      // Asked to come back later: not a failure of the feed, so no backoff on top of the wait.
      const state: FeedState = { ...base, status: 'error', error: describeError(error), lastPolledAt: polledAt, retryAfter: error.retryAt.toISOString() };
      return { state, previous: previousValidators, stored: previous, outcome: outcomeOf(state, 'error', 0), items: [] };
    }
    const state: FeedState = {
      ...ok,
      status: 'error',
      error: describeError(error),
      lastPolledAt: polledAt,
      consecutiveFailures: base.consecutiveFailures + 1,
    };
    return { state, previous: previousValidators, stored: previous, outcome: outcomeOf(state, 'error', 0), items: [] };
  }
}

interface PolledFeed {
  /** Not polled this cycle: nothing to write. */
  skipped?: boolean;
  state: FeedState;
  /** What a feed with a deferred article keeps: the validators and body hash it was read with. */
  previous: Pick<FeedState, 'etag' | 'lastModified' | 'bodyHash'>;
  stored: FeedState | null;
  outcome: FeedOutcome;
  items: PendingItem[];
}

/** A feed state without its Retry-After (the wait is over). */
function withoutRetryAfter(state: FeedState): FeedState {
  if (state.retryAfter === undefined) return state;
  const { retryAfter: _over, ...rest } = state;
  return rest;
}

/** A state with this body hash, or none. */
function withBodyHash(state: FeedState, bodyHash: string | undefined): FeedState {
  const { bodyHash: _replaced, ...rest } = state;
  return bodyHash === undefined ? rest : { ...rest, bodyHash };
}

/** An article not fetched because the cycle's time is spent: deferred (a transient failure), read next cycle. */
function outOfTime(item: PendingItem): PreparedArticle {
  return { item, ok: false, error: new RiposteError('timeout', 'not fetched: the time for this run is spent (next cycle)') };
}

/** True when `next` differs from the stored state only by a lastPolledAt younger than the heartbeat. */
function unchangedWithinHeartbeat(stored: FeedState | null, next: FeedState, heartbeatMs: number): boolean {
  if (!stored?.lastPolledAt || !next.lastPolledAt) return false;
  const fields: Array<keyof FeedState> = ['name', 'url', 'status', 'error', 'items', 'etag', 'lastModified', 'consecutiveFailures', 'retryAfter', 'bodyHash'];
  if (fields.some((field) => stored[field] !== next[field])) return false;
  if ((stored.seenItems ?? []).join() !== (next.seenItems ?? []).join()) return false;
  return Date.parse(next.lastPolledAt) - Date.parse(stored.lastPolledAt) < heartbeatMs;
}

/** A short, stable key for an item link (64 bits of its SHA-256): small enough to keep hundreds per feed. */
function itemKey(link: string): string {
  return createHash('sha256').update(link).digest('hex').slice(0, 16);
}

function outcomeOf(state: FeedState, status: FeedOutcome['status'], newItems: number): FeedOutcome {
  return { name: state.name, url: state.url, status, error: state.error, items: state.items, newItems };
}

function isStoreFailure(error: unknown): boolean {
  return error instanceof RiposteError && error.code === 'store_unavailable';
}

function byPublication(a: FeedItem, b: FeedItem): number {
  const left = a.publishedAt ?? a.published ?? '\uffff';
  const right = b.publishedAt ?? b.published ?? '\uffff';
  return left < right ? -1 : left > right ? 1 : a.link.localeCompare(b.link);
}
