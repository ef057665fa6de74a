import type { Action, ExtractedEvent, Source, StoredEvent } from '../domain/event.js';
import type { AlertRecord, DeliveryChannel, DeliveryStatus } from '../domain/alert.js';

/** What the monitor keeps per feed between cycles. */
export interface FeedState {
  name: string;
  url: string;
  status: 'ok' | 'error' | 'never';
  /** `code: message` of the last failure, null when the last poll succeeded. */
  error: string | null;
  /** Items in the feed at the last successful poll. */
  items: number;
  lastPolledAt: string | null;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  /** ISO-8601: the feed answered 429/503 with a Retry-After; it is not polled before then. */
  retryAfter?: string | null;
  /**
   * Short hashes of the item links the feed listed at the last successful read, all recorded:
   * an item seen before costs no article lookup when the feed is read again.
   */
  seenItems?: string[];
  /**
   * A short hash of the body of the last 200 whose items were all recorded: the same bytes again
   * are an unchanged feed, not parsed.
   */
  bodyHash?: string;
}

/**
 * What a conditional feed-state write expects to replace: the state as it was read before the
 * poll (its lastPolledAt, null for a feed never written). 'stale': another run wrote since.
 */
export interface FeedStateExpectation {
  lastPolledAt: string | null;
}

/** One fetched article, recorded once so that it is never fetched or read again. */
export interface ArticleRecord {
  url: string;
  feed: string;
  title: string | null;
  published: string | null;
  status: 'processed' | 'error';
  error: string | null;
  /** Ids of the stored events read from it. */
  eventIds: string[];
  processedAt: string;
}

export interface EventQuery {
  /** Events where this country is either side. */
  country?: string;
  /** With `country`: only the dyad country↔with, both ways. */
  with?: string;
  /** Exact direction (both may be given). */
  expelling?: string;
  expelled?: string;
  /** Inclusive YYYY-MM-DD bounds on the event's effective date. */
  since?: string;
  until?: string;
  action?: Action;
  /** At most this many events, the newest. */
  limit?: number;
}

/** The largest page `findEventsPage` returns. */
export const MAX_PAGE_SIZE = 1_000;

/** One page of a query: `cursor` asks for the next page, null when this was the last. */
export interface EventPageQuery extends EventQuery {
  /** Page size (1..MAX_PAGE_SIZE). */
  limit: number;
  /** From the previous page of the same query; absent or null for the first page. */
  cursor?: string | null;
}

export interface EventPage {
  /** Newest first, as `findEvents`. */
  events: StoredEvent[];
  /** Opaque; null when there is nothing after this page. */
  cursor: string | null;
}

/** One outlet's report of a stored event, with the figures that outlet gave. */
export interface SourceMention extends Source {
  count: number | null;
  date: string | null;
  action: Action;
  is_retaliation: boolean;
  new: boolean;
  evidence: string;
  recordedAt: string;
}

/**
 * A cursor the store did not issue for this query: altered, truncated, or from another query.
 * A caller's mistake (HTTP 400), never a store failure.
 */
export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor(message = 'invalid cursor: not issued for this query') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export type SaveEventOutcome =
  /** A new real-world measure. */
  | 'created'
  /** A new source for a measure already stored. */
  | 'merged'
  /** This source was already recorded for this measure (a rerun or retry). */
  | 'duplicate';

/**
 * The port the use cases store through. Every write is idempotent: a rerun or a retry with the
 * same input never changes the result. Infrastructure errors are thrown as RiposteError
 * ('store_unavailable'); duplicates are values, not errors.
 */
export interface EventStore {
  getFeedState(url: string): Promise<FeedState | null>;
  listFeedStates(): Promise<FeedState[]>;
  /**
   * Writes a feed's state. With `expected`, only over the state the poll started from: a state
   * written since by another run is left as it is ('stale'), since that run has moved on.
   */
  putFeedState(state: FeedState, expected?: FeedStateExpectation): Promise<'written' | 'stale'>;

  getArticle(url: string): Promise<ArticleRecord | null>;
  putArticle(article: ArticleRecord): Promise<'created' | 'duplicate'>;

  /** Stores an extracted event reported by `source`, merging it into the same measure if known. */
  saveEvent(event: ExtractedEvent, source: Source): Promise<{ outcome: SaveEventOutcome; event: StoredEvent }>;
  getEvent(id: string): Promise<StoredEvent | null>;
  /** Newest first (by effective date). */
  findEvents(query: EventQuery): Promise<StoredEvent[]>;
  /**
   * The same events as `findEvents`, one page at a time: following the cursors yields each event
   * once, in the same order. Throws InvalidCursorError for a cursor it did not issue for `query`.
   */
  findEventsPage?(query: EventPageQuery): Promise<EventPage>;
  /** Every outlet's report of an event, with the figures each gave, in the order recorded; [] for an unknown id. */
  listMentions?(eventId: string): Promise<SourceMention[]>;
  /** Adds ids to an event's `responds_to` (set union). */
  addRespondsTo(eventId: string, earlierIds: string[]): Promise<void>;

  /** Records an alert before it is sent, keyed by (id, channel); a second call is a 'duplicate'. */
  createAlert(record: AlertRecord): Promise<'created' | 'duplicate'>;
  updateAlert(
    id: string,
    channel: DeliveryChannel,
    patch: { status: DeliveryStatus; attempts: number; lastError: string | null },
  ): Promise<void>;
  listAlerts(filter?: { status?: DeliveryStatus }): Promise<AlertRecord[]>;
}
