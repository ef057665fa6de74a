import type { ExtractedArticle, FeedItem } from '../domain/article.js';
import type { ArticleRecord } from '../store/event-store.js';
import type { Source, StoredEvent } from '../domain/event.js';
import { RiposteError, describeError } from '../domain/errors.js';
import type { EventStore, SaveEventOutcome } from '../store/event-store.js';
import { fetchResource, type HostGate, type HttpRequestOptions } from '../fetch/index.js';
import { extractArticle } from '../extract/index.js';
import { decodePage } from './decode-page.js';

export const PAGE_MAX_BYTES = 5 * 1024 * 1024;

/** Failures worth another try next cycle (a Retry-After included); anything else is recorded for good. */
const TRANSIENT = new Set(['timeout', 'connect_failed', 'dns_failed', 'rate_limited']);

export interface ArticleInput extends FeedItem {
  /** The feed that listed it (the outlet named in the event's sources). */
  feed: string;
}

/** A fetched and read article, or the reason it could not be. */
export type PreparedArticle =
  | { item: ArticleInput; ok: true; finalUrl: string; article: ExtractedArticle }
  | { item: ArticleInput; ok: false; error: unknown };

export interface ArticleOutcome {
  url: string;
  feed: string;
  title: string | null;
  /** processed: read and recorded; error: recorded with its reason; deferred: retried next cycle. */
  status: 'processed' | 'error' | 'deferred';
  error: string | null;
  saved: Array<{ event: StoredEvent; outcome: SaveEventOutcome }>;
  /**
   * With `recordLater`, the record of a read article, for the caller to put once the article's
   * rounds are alerted (until then, a crash makes the next cycle read it again).
   */
  record?: ArticleRecord;
}

/** Fetch and read one article: network and CPU, no store. Never throws. */
async function prepare(
  item: ArticleInput,
  options: { allowPrivate: boolean; network?: HttpRequestOptions['network']; gate?: HostGate },
): Promise<PreparedArticle> {
  try {
    const fetchPage = () => fetchResource(item.link, { maxBytes: PAGE_MAX_BYTES, allowPrivate: options.allowPrivate, network: options.network });
    const response = options.gate ? await options.gate.run(item.link, fetchPage) : await fetchPage();
    if (response.notModified) throw new RiposteError('page_unreadable', `unexpected 304 for ${item.link}`);
    const html = decodePage(response.body, response.contentType);
    const article = extractArticle(html, { url: response.url, published: item.published });
    return { item, ok: true, finalUrl: response.url, article };
  } catch (error) {
    return { item, ok: false, error };
  }
}

/**
 * Record one prepared article and its new events. The events are stored before the article
 * record, so a crash in between only makes the next cycle read the article again, and the
 * store's idempotent writes turn that second reading into duplicates.
 */
async function store(
  prepared: PreparedArticle,
  deps: { store: EventStore; clock: () => Date; recordLater?: boolean },
): Promise<ArticleOutcome> {
  const { item } = prepared;
  const processedAt = deps.clock().toISOString();
  if (!prepared.ok) {
    const error = describeError(prepared.error);
    if (isTransient(prepared.error)) {
      return { url: item.link, feed: item.feed, title: item.title, status: 'deferred', error, saved: [] };
    }
    await deps.store.putArticle({
      url: item.link,
      feed: item.feed,
      title: item.title,
      published: item.published,
      status: 'error',
      error,
      eventIds: [],
      processedAt,
    });
    return { url: item.link, feed: item.feed, title: item.title, status: 'error', error, saved: [] };
  }

  const { article } = prepared;
  const source: Source = {
    url: item.link,
    title: article.title ?? item.title,
    published: article.published ?? item.published,
    outlet: item.feed,
  };
  const saved: ArticleOutcome['saved'] = [];
  for (const event of article.events) {
    if (!event.new) continue; // background mentions are context, never a new record or an alert
    saved.push(await deps.store.saveEvent(event, source));
  }
  const record: ArticleRecord = {
    url: item.link,
    feed: item.feed,
    title: source.title,
    published: source.published,
    status: 'processed',
    error: null,
    eventIds: saved.map((s) => s.event.id),
    processedAt,
  };
  const outcome: ArticleOutcome = { url: item.link, feed: item.feed, title: source.title, status: 'processed', error: null, saved };
  if (deps.recordLater) return { ...outcome, record };
  await deps.store.putArticle(record);
  return outcome;
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof RiposteError)) return false;
  if (TRANSIENT.has(error.code)) return true;
  return error.code === 'http_status' && /HTTP (5\d\d|429)\b/.test(error.message);
}

export const processArticle = { prepare, store };
