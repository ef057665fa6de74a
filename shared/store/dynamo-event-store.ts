import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { actionFamily, effectiveDate, type Action, type ActionFamily, type ExtractedEvent, type Source, type StoredEvent } from '../domain/event.js';
import type { AlertRecord, DeliveryChannel, DeliveryStatus } from '../domain/alert.js';
import { RiposteError } from '../domain/errors.js';
import {
  InvalidCursorError,
  MAX_PAGE_SIZE,
  type ArticleRecord,
  type EventPage,
  type EventPageQuery,
  type EventQuery,
  type EventStore,
  type FeedState,
  type FeedStateExpectation,
  type SaveEventOutcome,
  type SourceMention,
} from './event-store.js';
import { INDEX } from './table.js';

/**
 * The EventStore on one DynamoDB table (design: docs/table-design.md, keys: ./table.ts).
 *
 * Every write is conditional or transactional, so a retry or a rerun never changes the result;
 * a failed condition is an outcome ('duplicate', or a retry of the merge), not an error.
 * Infrastructure errors become RiposteError('store_unavailable') with the SDK error as cause.
 */

/** Reports of the same measure are merged when their effective dates are at most this far apart. */
export const MERGE_WINDOW_DAYS = 7;
/** An undated background mention merges with the latest matching event up to this far before its article. */
export const BACKGROUND_LOOKBACK_DAYS = 365;
/** Evidence is kept as sentences, never pages: longer text is cut. */
export const MAX_EVIDENCE_CHARS = 2_000;
const MAX_SAVE_ATTEMPTS = 8;
/** Sort-key date of events whose effective date is unknown: below every real date, so newest-first lists them last. */
const UNDATED = '0000-00-00';

export type { SourceMention };
export { MAX_PAGE_SIZE };

export interface DynamoEventStoreOptions {
  tableName: string;
  /** A plain DynamoDBClient; the store wraps it in a DocumentClient. */
  client: DynamoDBClient;
  /** For timestamps (createdAt, recordedAt); tests may fix it. */
  clock?: () => Date;
  /**
   * Signs paging cursors, so that a client cannot hand back an altered one. Every instance that
   * serves the same clients must use the same secret. Default: derived from the table name, which
   * detects corrupted or altered cursors but is no secret; pass one where clients are untrusted.
   */
  cursorSecret?: string;
}

interface EventItem {
  pk: string;
  sk: string;
  entity: 'event';
  id: string;
  expelling_country: string;
  expelled_country: string;
  count: number | null;
  action: Action;
  date: string | null;
  is_retaliation: boolean;
  new: boolean;
  evidence: string;
  actionFamily: ActionFamily;
  effectiveDate: string | null;
  mentions: SourceMention[];
  respondsTo?: Set<string>;
  version: number;
  createdAt: string;
  updatedAt: string;
  gsi1pk: string;
  gsi1sk: string;
  gsi2pk: string;
  gsi2sk: string;
  gsi3pk: string;
  gsi3sk: string;
  gsi4pk: string;
  gsi4sk: string;
  gsi5pk: string;
  gsi5sk: string;
}

const key = {
  event: (id: string) => ({ pk: `EVENT#${id}`, sk: 'EVENT' }),
  article: (url: string) => ({ pk: `ARTICLE#${hash(url)}`, sk: 'ARTICLE' }),
  /** One item per (article, measure): the idempotency guard of saveEvent and the article→events link. */
  mention: (url: string, expelling: string, expelled: string, family: ActionFamily, day: string | null) => ({
    pk: `ARTICLE#${hash(url)}`,
    sk: `MENTION#${expelling}#${expelled}#${family}#${day ?? UNDATED}`,
  }),
  /** Serialises the creation of events per direction and family (see saveEvent). */
  series: (expelling: string, expelled: string, family: ActionFamily) => ({ pk: `SERIES#${expelling}#${expelled}#${family}`, sk: 'SERIES' }),
  feed: (url: string) => ({ pk: `FEED#${hash(url)}`, sk: 'FEED' }),
  alert: (id: string, channel: DeliveryChannel) => ({ pk: `ALERT#${id}`, sk: `CHANNEL#${channel}` }),
};

const gsi = {
  country: (country: string) => `C#${country}`,
  direction: (expelling: string, expelled: string) => `D#${expelling}#${expelled}`,
  action: (action: Action) => `A#${action}`,
  events: 'T#EVENT',
  feeds: 'T#FEED',
  alerts: (status: DeliveryStatus) => `T#ALERT#${status}`,
};

const ALERT_STATUSES: DeliveryStatus[] = ['pending', 'sent', 'failed'];

const CURSOR_VERSION = 1;
/** Far above any real cursor (two start keys); anything longer is refused unread. */
const MAX_CURSOR_CHARS = 2_048;

/** Where a paged stream stands: not started (null), done (false), or after this start key. */
type StreamPosition = null | false | Record<string, string>;

export class DynamoEventStore implements EventStore {
  private readonly tableName: string;
  private readonly doc: DynamoDBDocumentClient;
  private readonly clock: () => Date;
  private readonly cursorSecret: string;

  constructor(options: DynamoEventStoreOptions) {
    this.tableName = options.tableName;
    this.cursorSecret = options.cursorSecret ?? `riposte-cursor:${options.tableName}`;
    this.doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.clock = options.clock ?? (() => new Date());
  }

  // ---- feed state -------------------------------------------------------------------------

  async getFeedState(url: string): Promise<FeedState | null> {
    const item = await this.get(key.feed(url), 'read feed state');
    return item ? toFeedState(item) : null;
  }

  async listFeedStates(): Promise<FeedState[]> {
    const items = await this.queryAll({ IndexName: INDEX.byType, KeyConditionExpression: 'gsi5pk = :pk', ExpressionAttributeValues: { ':pk': gsi.feeds } }, 'list feed states');
    return items.map(toFeedState);
  }

  /**
   * The latest state wins: writing the same state twice leaves the same item. With `expected`,
   * conditional on the stored lastPolledAt (every write sets a new one): a run that started from
   * an older state cannot overwrite a newer one.
   */
  async putFeedState(state: FeedState, expected?: FeedStateExpectation): Promise<'written' | 'stale'> {
    const condition = expected
      ? expected.lastPolledAt === null
        ? { ConditionExpression: 'attribute_not_exists(lastPolledAt) OR attribute_type(lastPolledAt, :null)', ExpressionAttributeValues: { ':null': 'NULL' } }
        : { ConditionExpression: 'lastPolledAt = :previous', ExpressionAttributeValues: { ':previous': expected.lastPolledAt } }
      : {};
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key.feed(state.url), entity: 'feed', ...state, gsi5pk: gsi.feeds, gsi5sk: `${state.name}#${state.url}` },
          ...condition,
        }),
      );
      return 'written';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'stale';
      throw unavailable('write feed state', error);
    }
  }

  // ---- articles ---------------------------------------------------------------------------

  async getArticle(url: string): Promise<ArticleRecord | null> {
    const item = await this.get(key.article(url), 'read article');
    return item ? toArticle(item) : null;
  }

  async putArticle(article: ArticleRecord): Promise<'created' | 'duplicate'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key.article(article.url), entity: 'article', ...article },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw unavailable('write article', error);
    }
  }

  /** The stored measures read from one article (the article→events side of the mentions). */
  async listArticleEventIds(url: string): Promise<string[]> {
    const { pk } = key.article(url);
    const items = await this.queryAll(
      { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': pk, ':m': 'MENTION#' } },
      'list article mentions',
    );
    return [...new Set(items.map((i) => i.eventId as string))];
  }

  // ---- events -----------------------------------------------------------------------------

  /**
   * Stores `event` as reported by `source`: merged into the same measure when one is stored
   * (docs/table-design.md, "Merging"), created otherwise. A rerun of the same article and event
   * finds its mention item and returns 'duplicate' without writing.
   */
  async saveEvent(event: ExtractedEvent, source: Source): Promise<{ outcome: SaveEventOutcome; event: StoredEvent }> {
    checkEvent(event, source);
    const family = actionFamily(event.action);
    const ownDay = event.date ?? source.published ?? null;
    const mentionKey = key.mention(source.url, event.expelling_country, event.expelled_country, family, ownDay);
    const seriesKey = key.series(event.expelling_country, event.expelled_country, family);
    const now = this.clock().toISOString();
    const mention: SourceMention = {
      url: source.url,
      title: source.title ?? null,
      published: source.published ?? null,
      outlet: source.outlet,
      count: event.count ?? null,
      date: event.date ?? null,
      action: event.action,
      is_retaliation: event.is_retaliation,
      new: event.new,
      evidence: event.evidence.slice(0, MAX_EVIDENCE_CHARS),
      recordedAt: now,
    };

    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(10 * attempt + Math.random() * 20 * attempt);
      const guard = await this.get(mentionKey, 'read mention', true);
      if (guard) {
        // Written in the same transaction as the guard: a consistent read always finds it.
        const stored = await this.get(key.event(guard.eventId as string), 'read event', true);
        if (stored) return { outcome: 'duplicate', event: toStoredEvent(stored as unknown as EventItem) };
      }
      const series = await this.get(seriesKey, 'read series', true);
      const seriesVersion = (series?.version as number | undefined) ?? 0;
      const candidate = await this.findMergeCandidate(event, source, family);

      let items: TransactWriteCommandInput['TransactItems'];
      let result: EventItem;
      let outcome: SaveEventOutcome;
      if (candidate) {
        // The same article already reported this measure (under another of its dates): nothing new.
        if (candidate.mentions.some((m) => m.url === source.url)) return { outcome: 'duplicate', event: toStoredEvent(candidate) };
        result = buildEventItem(candidate.id, candidate, [...candidate.mentions, mention], {
          createdAt: candidate.createdAt,
          updatedAt: now,
          version: candidate.version + 1,
          respondsTo: candidate.respondsTo,
        });
        outcome = 'merged';
        items = [
          {
            Put: {
              TableName: this.tableName,
              Item: result,
              ConditionExpression: 'version = :seen',
              ExpressionAttributeValues: { ':seen': candidate.version },
            },
          },
        ];
      } else {
        const id = eventId(event, ownDay, source.url);
        result = buildEventItem(id, event, [mention], { createdAt: now, updatedAt: now, version: 1 });
        outcome = 'created';
        items = [
          { Put: { TableName: this.tableName, Item: result, ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            // Two creators of the same measure from different outlets: only one passes, the other retries and merges.
            Update: {
              TableName: this.tableName,
              Key: seriesKey,
              UpdateExpression: 'SET version = :next, entity = :entity',
              ConditionExpression: 'attribute_not_exists(pk) OR version = :seen',
              ExpressionAttributeValues: { ':next': seriesVersion + 1, ':seen': seriesVersion, ':entity': 'series' },
            },
          },
        ];
      }
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...mentionKey, entity: 'mention', eventId: result.id, ...mention },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });

      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { outcome, event: toStoredEvent(result) };
      } catch (error) {
        if (isRetryableCancellation(error)) continue;
        throw unavailable('save event', error);
      }
    }
    throw new RiposteError('store_unavailable', `save event: still conflicting after ${MAX_SAVE_ATTEMPTS} attempts (${event.expelling_country}→${event.expelled_country})`);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const item = await this.get(key.event(id), 'read event');
    return item ? toStoredEvent(item as unknown as EventItem) : null;
  }

  /** Every outlet's report of an event, with the figures each gave, in the order they were recorded. */
  async listMentions(eventId: string): Promise<SourceMention[]> {
    const item = await this.get(key.event(eventId), 'read event');
    return item ? (item as unknown as EventItem).mentions : [];
  }

  async findEvents(query: EventQuery): Promise<StoredEvent[]> {
    const plan = planEventQuery(query);
    // Only a country combined with a direction is checked after reading; a limit then cannot stop the read early.
    const readLimit = query.country && (query.expelling || query.expelled) ? undefined : query.limit;
    const results = await Promise.all(plan.map((stream) => this.queryAll(streamInput(stream, query), 'find events', readLimit)));

    const seen = new Set<string>();
    const events = results
      .flat()
      .map((item) => item as unknown as EventItem)
      .filter((item) => !seen.has(item.id) && (seen.add(item.id), true))
      .filter((item) => matchesQuery(item, query))
      .sort(newestFirst);
    return (query.limit !== undefined ? events.slice(0, query.limit) : events).map(toStoredEvent);
  }

  /**
   * One page of `findEvents`. A query over two index partitions (a country on either side, a pair
   * both ways) is a merge of two newest-first streams; the cursor keeps each stream's own position
   * (the key of the last item taken from it, or "done"), so the next page resumes both exactly
   * where this page stopped, whichever stream the page's events came from.
   *
   * The cursor is base64url JSON of those positions and a digest of the query, signed with an
   * HMAC: an altered cursor, or one from another query, is an InvalidCursorError.
   *
   * @example
   * let cursor: string | null = null;
   * do ({ events, cursor } = await store.findEventsPage({ country: 'RU', limit: 50, cursor }));
   * while (cursor);
   */
  async findEventsPage(query: EventPageQuery): Promise<EventPage> {
    const { limit } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new RangeError(`findEventsPage: limit must be an integer in 1..${MAX_PAGE_SIZE}`);
    const plan = planEventQuery(query);
    const digest = queryDigest(query);
    const positions: StreamPosition[] = query.cursor ? this.decodeCursor(query.cursor, digest, plan) : plan.map(() => null);

    // One more than a page from each stream: a stream with something left over always shows it,
    // so a cursor is returned only when another page really has events.
    const reads = await Promise.all(
      plan.map((stream, i) => {
        const position = positions[i]!;
        return position === false ? { items: [], complete: true } : this.readStream(stream, query, position ?? undefined, limit + 1);
      }),
    );

    const heads = reads.map(() => 0);
    const page: EventItem[] = [];
    const next = (): number => {
      let best = -1;
      for (let i = 0; i < reads.length; i++) {
        const head = reads[i]!.items[heads[i]!];
        if (head && (best < 0 || newestFirst(head, reads[best]!.items[heads[best]!]!) < 0)) best = i;
      }
      return best;
    };
    while (page.length < limit) {
      const i = next();
      if (i < 0) break;
      const item = reads[i]!.items[heads[i]!++]!;
      // The same event in both streams (a country on both sides) has the same sort key: taken once.
      if (page.at(-1)?.id !== item.id) page.push(item);
    }
    const lastId = page.at(-1)?.id;
    for (let i = 0; i < reads.length; i++) while (reads[i]!.items[heads[i]!]?.id === lastId && lastId) heads[i]!++;

    const after: StreamPosition[] = plan.map((stream, i) => {
      const { items, complete } = reads[i]!;
      const taken = heads[i]!;
      if (taken === items.length && complete) return false;
      if (taken > 0) return startKeyOf(stream.index, items[taken - 1]!);
      return positions[i]!;
    });
    const cursor = after.every((p) => p === false) ? null : this.encodeCursor(digest, after);
    return { events: page.map(toStoredEvent), cursor };
  }

  async addRespondsTo(eventId: string, earlierIds: string[]): Promise<void> {
    const ids = [...new Set(earlierIds)].filter((id) => id && id !== eventId);
    if (ids.length === 0) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key.event(eventId),
          // ADD on a string set is a union: a rerun adds nothing. The version tells a concurrent merge to re-read.
          UpdateExpression: 'ADD respondsTo :ids, version :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':ids': new Set(ids), ':one': 1 },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new Error(`addRespondsTo: no stored event ${eventId}`);
      throw unavailable('link events', error);
    }
  }

  // ---- alerts -----------------------------------------------------------------------------

  async createAlert(record: AlertRecord): Promise<'created' | 'duplicate'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key.alert(record.id, record.channel), entity: 'alert', ...record, ...alertIndex(record) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'duplicate';
      throw unavailable('write alert', error);
    }
  }

  async updateAlert(
    id: string,
    channel: DeliveryChannel,
    patch: { status: DeliveryStatus; attempts: number; lastError: string | null },
  ): Promise<void> {
    const updatedAt = this.clock().toISOString();
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key.alert(id, channel),
          UpdateExpression: 'SET #status = :status, attempts = :attempts, lastError = :lastError, updatedAt = :updatedAt, gsi5pk = :gsi5pk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': patch.status,
            ':attempts': patch.attempts,
            ':lastError': patch.lastError,
            ':updatedAt': updatedAt,
            ':gsi5pk': gsi.alerts(patch.status),
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new Error(`updateAlert: no alert ${id} (${channel})`);
      throw unavailable('update alert', error);
    }
  }

  /** Oldest first (by createdAt), so retries go in the order the alerts were raised. */
  async listAlerts(filter: { status?: DeliveryStatus } = {}): Promise<AlertRecord[]> {
    const statuses = filter.status ? [filter.status] : ALERT_STATUSES;
    const results = await Promise.all(
      statuses.map((status) =>
        this.queryAll(
          { IndexName: INDEX.byType, KeyConditionExpression: 'gsi5pk = :pk', ExpressionAttributeValues: { ':pk': gsi.alerts(status) } },
          'list alerts',
        ),
      ),
    );
    return results
      .flat()
      .sort((a, b) => (String(a.gsi5sk) < String(b.gsi5sk) ? -1 : String(a.gsi5sk) > String(b.gsi5sk) ? 1 : 0))
      .map(toAlertRecord);
  }

  // ---- internals --------------------------------------------------------------------------

  /**
   * The stored measure this report belongs to, if any: same direction, same action family, and
   * - a dated report (its own date, else its article's date for news): the stored event whose
   *   effective date is closest, within ±MERGE_WINDOW_DAYS;
   * - an undated background mention: the latest such event in the BACKGROUND_LOOKBACK_DAYS before
   *   its article, preferring one with the same count;
   * - no date at all: an undated event of the same direction and family.
   */
  private async findMergeCandidate(event: ExtractedEvent, source: Source, family: ActionFamily): Promise<EventItem | null> {
    const partition = gsi.direction(event.expelling_country, event.expelled_country);
    const background = !event.date && !event.new;
    const anchor = event.date ?? source.published ?? null;
    let lo: string;
    let hi: string;
    if (!anchor) {
      lo = `${UNDATED}#`;
      hi = `${UNDATED}#~`;
    } else if (background) {
      lo = `${addDays(anchor, -BACKGROUND_LOOKBACK_DAYS)}#`;
      hi = `${anchor}#~`;
    } else {
      lo = `${addDays(anchor, -MERGE_WINDOW_DAYS)}#`;
      hi = `${addDays(anchor, MERGE_WINDOW_DAYS)}#~`;
    }
    const items = (
      await this.queryAll(
        {
          IndexName: INDEX.byDirection,
          KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :lo AND :hi',
          FilterExpression: 'actionFamily = :family',
          ExpressionAttributeValues: { ':pk': partition, ':lo': lo, ':hi': hi, ':family': family },
          ScanIndexForward: false,
        },
        'find merge candidates',
      )
    ).map((i) => i as unknown as EventItem);
    if (items.length === 0) return null;

    const sameCount = (item: EventItem): boolean => event.count !== null && item.mentions.some((m) => m.count === event.count);
    let best: EventItem | undefined;
    if (background || !anchor) {
      // Newest first already; a matching figure beats recency.
      best = items.find(sameCount) ?? items[0];
    } else {
      const distance = (item: EventItem): number => Math.abs(daysBetween(anchor, item.effectiveDate ?? anchor));
      best = [...items].sort((a, b) => distance(a) - distance(b) || Number(sameCount(b)) - Number(sameCount(a)) || a.createdAt.localeCompare(b.createdAt))[0];
    }
    // The GSI copy may lag the base item; the merge is conditioned on the version read here.
    const fresh = best ? await this.get(key.event(best.id), 'read event', true) : null;
    return fresh ? (fresh as unknown as EventItem) : null;
  }

  /** Matching items of one stream after `start`, newest first: at least `want`, or all that are left (`complete`). */
  private async readStream(
    stream: PlannedStream,
    query: EventQuery,
    start: Record<string, string> | undefined,
    want: number,
  ): Promise<{ items: EventItem[]; complete: boolean }> {
    const input = streamInput(stream, query);
    const items: EventItem[] = [];
    let exclusiveStart: Record<string, unknown> | undefined = start;
    for (;;) {
      // A filter drops items after DynamoDB counts them: read ahead a little more then.
      const pageSize = Math.min(MAX_PAGE_SIZE, input.FilterExpression ? Math.max(want - items.length, 100) : want - items.length);
      const result = await this.send(
        () => this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, Limit: pageSize, ExclusiveStartKey: exclusiveStart })),
        'find events',
      );
      for (const item of (result.Items ?? []) as unknown as EventItem[]) if (matchesQuery(item, query)) items.push(item);
      exclusiveStart = result.LastEvaluatedKey as Record<string, unknown> | undefined;
      if (!exclusiveStart) return { items, complete: true };
      if (items.length >= want) return { items, complete: false };
    }
  }

  private encodeCursor(digest: string, positions: StreamPosition[]): string {
    const body = Buffer.from(JSON.stringify({ v: CURSOR_VERSION, q: digest, p: positions })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  private decodeCursor(cursor: string, digest: string, plan: PlannedStream[]): StreamPosition[] {
    const [body, mac, extra] = cursor.length <= MAX_CURSOR_CHARS ? cursor.split('.') : [];
    if (!body || !mac || extra !== undefined) throw new InvalidCursorError('invalid cursor: malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidCursorError('invalid cursor: altered or not issued by this store');
    let decoded: { v?: unknown; q?: unknown; p?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof decoded;
    } catch {
      throw new InvalidCursorError('invalid cursor: malformed');
    }
    if (decoded.v !== CURSOR_VERSION || decoded.q !== digest) throw new InvalidCursorError('invalid cursor: issued for another query');
    const positions = decoded.p;
    if (!Array.isArray(positions) || positions.length !== plan.length) throw new InvalidCursorError('invalid cursor: issued for another query');
    return positions.map((position: unknown, i) => {
      if (position === null || position === false) return position;
      // Signed by us, but checked anyway: a start key outside its partition would be a store error.
      const { index, partition } = plan[i]!;
      const { pkName, skName } = indexKeys(index);
      const k = position as Record<string, unknown>;
      const names = Object.keys(k).sort().join(',');
      const valid =
        typeof k === 'object' &&
        names === ['pk', 'sk', pkName, skName].sort().join(',') &&
        k[pkName] === partition &&
        k.sk === 'EVENT' &&
        typeof k.pk === 'string' &&
        k.pk.startsWith('EVENT#') &&
        typeof k[skName] === 'string';
      if (!valid) throw new InvalidCursorError('invalid cursor: issued for another query');
      return k as Record<string, string>;
    });
  }

  private sign(body: string): string {
    return createHmac('sha256', this.cursorSecret).update(body).digest('base64url').slice(0, 32);
  }

  private async get(k: { pk: string; sk: string }, what: string, consistent = false): Promise<Record<string, unknown> | null> {
    const result = await this.send(() => this.doc.send(new GetCommand({ TableName: this.tableName, Key: k, ConsistentRead: consistent })), what);
    return (result.Item as Record<string, unknown> | undefined) ?? null;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, what: string, max?: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.send(
        () => this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ...(max !== undefined ? { Limit: Math.max(max, 1) } : {}), ExclusiveStartKey: start })),
        what,
      );
      items.push(...((page.Items as Record<string, unknown>[] | undefined) ?? []));
      start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start && (max === undefined || items.length < max));
    return items;
  }

  private async send<T>(run: () => Promise<T>, what: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw unavailable(what, error);
    }
  }
}

// ---- pure helpers (exported for tests and the benchmark) ----------------------------------

/** The refined figures of a measure from all its reports; see docs/table-design.md, "Refinement". */
export function refineFigures(mentions: readonly SourceMention[]): Pick<StoredEvent, 'count' | 'date' | 'action' | 'is_retaliation' | 'new' | 'evidence'> {
  const count = mode(mentions.map((m) => m.count));
  const date = mode(mentions.map((m) => m.date));
  const action = mode(mentions.map((m) => m.action)) ?? mentions[0]!.action;
  const evidenceFrom = mentions.find((m) => count !== null && m.count === count) ?? mentions[0]!;
  return {
    count,
    date,
    action,
    is_retaliation: mentions.some((m) => m.is_retaliation),
    new: mentions.some((m) => m.new),
    evidence: evidenceFrom.evidence,
  };
}

/** The value most reports agree on; on a tie, the one reported first. Nulls do not vote. */
function mode<T>(values: readonly (T | null)[]): T | null {
  const tally = new Map<T, number>();
  for (const value of values) if (value !== null && value !== undefined) tally.set(value, (tally.get(value) ?? 0) + 1);
  let best: T | null = null;
  let bestVotes = 0;
  for (const [value, votes] of tally) {
    // Map iteration follows first insertion, so `>` keeps the first-seen value on a tie.
    if (votes > bestVotes) {
      best = value;
      bestVotes = votes;
    }
  }
  return best;
}

/** The full item of an event from its reports; also used to seed benchmarks. */
export function buildEventItem(
  id: string,
  direction: { expelling_country: string; expelled_country: string },
  mentions: SourceMention[],
  meta: { createdAt: string; updatedAt: string; version: number; respondsTo?: Set<string> },
): EventItem {
  const figures = refineFigures(mentions);
  const eff = effectiveDate({ date: figures.date, sources: mentions.map(toSource) });
  const sortKey = `${eff ?? UNDATED}#${id}`;
  const { expelling_country, expelled_country } = direction;
  const item: EventItem = {
    ...key.event(id),
    entity: 'event',
    id,
    expelling_country,
    expelled_country,
    ...figures,
    actionFamily: actionFamily(figures.action),
    effectiveDate: eff,
    mentions,
    version: meta.version,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    gsi1pk: gsi.country(expelling_country),
    gsi1sk: sortKey,
    gsi2pk: gsi.country(expelled_country),
    gsi2sk: sortKey,
    gsi3pk: gsi.direction(expelling_country, expelled_country),
    gsi3sk: sortKey,
    gsi4pk: gsi.action(figures.action),
    gsi4sk: sortKey,
    gsi5pk: gsi.events,
    gsi5sk: sortKey,
  };
  if (meta.respondsTo && meta.respondsTo.size > 0) item.respondsTo = meta.respondsTo;
  return item;
}

/** Deterministic: a retried create computes the same id, and its conditional put finds it. */
export function eventId(event: ExtractedEvent, day: string | null, firstUrl: string): string {
  return `ev_${hash([event.expelling_country, event.expelled_country, event.action, day ?? UNDATED, firstUrl].join('|')).slice(0, 24)}`;
}

function toSource(m: SourceMention): Source {
  return { url: m.url, title: m.title, published: m.published, outlet: m.outlet };
}

function toStoredEvent(item: EventItem): StoredEvent {
  return {
    id: item.id,
    expelling_country: item.expelling_country,
    expelled_country: item.expelled_country,
    count: item.count ?? null,
    action: item.action,
    date: item.date ?? null,
    is_retaliation: item.is_retaliation,
    new: item.new,
    evidence: item.evidence,
    sources: item.mentions.map(toSource),
    responds_to: item.respondsTo ? [...item.respondsTo].sort() : [],
  };
}

function toFeedState(item: Record<string, unknown>): FeedState {
  return {
    name: item.name as string,
    url: item.url as string,
    status: item.status as FeedState['status'],
    error: (item.error as string | null | undefined) ?? null,
    items: (item.items as number | undefined) ?? 0,
    lastPolledAt: (item.lastPolledAt as string | null | undefined) ?? null,
    etag: (item.etag as string | null | undefined) ?? null,
    lastModified: (item.lastModified as string | null | undefined) ?? null,
    consecutiveFailures: (item.consecutiveFailures as number | undefined) ?? 0,
    ...(Array.isArray(item.seenItems) ? { seenItems: item.seenItems as string[] } : {}),
    ...(typeof item.retryAfter === 'string' ? { retryAfter: item.retryAfter } : {}),
    ...(typeof item.bodyHash === 'string' ? { bodyHash: item.bodyHash } : {}),
  };
}

function toArticle(item: Record<string, unknown>): ArticleRecord {
  return {
    url: item.url as string,
    feed: item.feed as string,
    title: (item.title as string | null | undefined) ?? null,
    published: (item.published as string | null | undefined) ?? null,
    status: item.status as ArticleRecord['status'],
    error: (item.error as string | null | undefined) ?? null,
    eventIds: (item.eventIds as string[] | undefined) ?? [],
    processedAt: item.processedAt as string,
  };
}

function toAlertRecord(item: Record<string, unknown>): AlertRecord {
  return {
    id: item.id as string,
    subscriber: item.subscriber as string,
    channel: item.channel as DeliveryChannel,
    eventId: item.eventId as string,
    alert: item.alert as AlertRecord['alert'],
    status: item.status as DeliveryStatus,
    attempts: item.attempts as number,
    lastError: (item.lastError as string | null | undefined) ?? null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

function alertIndex(record: AlertRecord): { gsi5pk: string; gsi5sk: string } {
  return { gsi5pk: gsi.alerts(record.status), gsi5sk: `${record.createdAt}#${record.id}#${record.channel}` };
}

type IndexName = (typeof INDEX)[keyof typeof INDEX];

interface PlannedStream {
  index: IndexName;
  partition: string;
}

/** Which index partitions answer a query; every other condition is checked on the results. */
function planEventQuery(query: EventQuery): PlannedStream[] {
  if (query.country && query.with) {
    return [
      { index: INDEX.byDirection, partition: gsi.direction(query.country, query.with) },
      { index: INDEX.byDirection, partition: gsi.direction(query.with, query.country) },
    ];
  }
  if (query.expelling && query.expelled) return [{ index: INDEX.byDirection, partition: gsi.direction(query.expelling, query.expelled) }];
  if (query.country) {
    // Either side: the country's entries in both country indexes.
    return [
      { index: INDEX.byExpelling, partition: gsi.country(query.country) },
      { index: INDEX.byExpelled, partition: gsi.country(query.country) },
    ];
  }
  if (query.expelling) return [{ index: INDEX.byExpelling, partition: gsi.country(query.expelling) }];
  if (query.expelled) return [{ index: INDEX.byExpelled, partition: gsi.country(query.expelled) }];
  if (query.action) return [{ index: INDEX.byAction, partition: gsi.action(query.action) }];
  return [{ index: INDEX.byType, partition: gsi.events }];
}

/** The newest-first Query of one planned stream: date range in the key condition, action as a filter. */
function streamInput({ index, partition }: PlannedStream, query: EventQuery): Omit<QueryCommandInput, 'TableName'> {
  const { pkName, skName } = indexKeys(index);
  const range = dateRange(query.since, query.until);
  const values: Record<string, unknown> = { ':pk': partition };
  let condition = `${pkName} = :pk`;
  if (range) {
    condition += ` AND ${skName} BETWEEN :lo AND :hi`;
    values[':lo'] = range.lo;
    values[':hi'] = range.hi;
  }
  const input: Omit<QueryCommandInput, 'TableName'> = {
    IndexName: index,
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
  if (query.action !== undefined && index !== INDEX.byAction) {
    input.FilterExpression = '#action = :action';
    input.ExpressionAttributeNames = { '#action': 'action' };
    values[':action'] = query.action;
  }
  return input;
}

/** The exclusive start key that resumes a stream right after `item`. */
function startKeyOf(index: IndexName, item: EventItem): Record<string, string> {
  const { pkName, skName } = indexKeys(index);
  const fields = item as unknown as Record<string, string>;
  return { pk: item.pk, sk: item.sk, [pkName]: fields[pkName]!, [skName]: fields[skName]! };
}

/** Binds a cursor to the conditions of its query (not the page size, which may change between pages). */
function queryDigest(query: EventQuery): string {
  const conditions = [query.country, query.with, query.expelling, query.expelled, query.since, query.until, query.action].map((v) => v ?? '');
  return hash(JSON.stringify(conditions)).slice(0, 16);
}

/** Newest first by effective date, ties by id (descending), as every index's sort key orders them. */
function newestFirst(a: EventItem, b: EventItem): number {
  return a.gsi5sk < b.gsi5sk ? 1 : a.gsi5sk > b.gsi5sk ? -1 : 0;
}

function indexKeys(index: IndexName): { pkName: string; skName: string } {
  const n = { [INDEX.byExpelling]: 1, [INDEX.byExpelled]: 2, [INDEX.byDirection]: 3, [INDEX.byAction]: 4, [INDEX.byType]: 5 }[index];
  return { pkName: `gsi${n}pk`, skName: `gsi${n}sk` };
}

/** Inclusive day bounds as sort-key bounds; an undated event is outside any bound. */
function dateRange(since?: string, until?: string): { lo: string; hi: string } | null {
  if (!since && !until) return null;
  return { lo: `${since ?? '0001-01-01'}#`, hi: `${until ?? '9999-12-31'}#~` };
}

function matchesQuery(item: EventItem, query: EventQuery): boolean {
  const a = item.expelling_country;
  const b = item.expelled_country;
  if (query.country && a !== query.country && b !== query.country) return false;
  if (query.country && query.with && !((a === query.country && b === query.with) || (a === query.with && b === query.country))) return false;
  if (query.expelling && a !== query.expelling) return false;
  if (query.expelled && b !== query.expelled) return false;
  if (query.action && item.action !== query.action) return false;
  const day = item.effectiveDate;
  if (query.since && (!day || day < query.since)) return false;
  if (query.until && (!day || day > query.until)) return false;
  return true;
}

function checkEvent(event: ExtractedEvent, source: Source): void {
  const problems: string[] = [];
  if (!/^[A-Z]{2}$/.test(event.expelling_country)) problems.push(`expelling_country "${event.expelling_country}"`);
  if (!/^[A-Z]{2}$/.test(event.expelled_country)) problems.push(`expelled_country "${event.expelled_country}"`);
  if (event.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(event.date)) problems.push(`date "${event.date}"`);
  if (!source.url) problems.push('source.url (empty)');
  if (source.published && !/^\d{4}-\d{2}-\d{2}$/.test(source.published)) problems.push(`source.published "${source.published}"`);
  if (problems.length) throw new TypeError(`saveEvent: invalid ${problems.join(', ')}`);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorName(error: unknown): string {
  return (error as { name?: string } | null)?.name ?? '';
}

function isConditionalCheckFailed(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/** A transaction cancelled only by failed conditions or a concurrent transaction: read again and retry. */
function isRetryableCancellation(error: unknown): boolean {
  if (errorName(error) === 'TransactionConflictException') return true;
  if (errorName(error) !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.length > 0 && reasons.every((r) => !r.Code || r.Code === 'None' || r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
}

function unavailable(what: string, cause: unknown): RiposteError {
  if (cause instanceof RiposteError) return cause;
  const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return new RiposteError('store_unavailable', `store: cannot ${what} (${reason})`, { cause });
}
