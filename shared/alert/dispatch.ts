import pLimit from 'p-limit';
import type { Alert, AlertRecord, AlertRound, AlertWatch, DeliveryChannel, DeliveryStatus, RoundMatch } from '../domain/alert.js';
import type { Subscriber } from '../domain/config.js';
import { describeError } from '../domain/errors.js';
import type { StoredEvent } from '../domain/event.js';
import type { EventStore } from '../store/event-store.js';
import { alertId } from './alert-id.js';
import { renderEmail } from './email.js';
import type { Mailer } from './mailer.js';
import { withRetries, type AttemptOutcome, type RetryPolicy } from './retry.js';
import { createWebhookSender, type WebhookSender } from './webhook.js';

/** The senders alerts go out through. An absent webhook sender is the default HTTP one. */
export interface AlertChannels {
  webhook?: WebhookSender;
  mailer?: Mailer;
}

export interface AlertDeps {
  store: EventStore;
  subscribers: Subscriber[];
  /** Default: `createWebhookSender({ allowPrivate })`. */
  webhook?: WebhookSender;
  /** Without one (or without `emailFrom`), email deliveries are recorded as failed, to retry later. */
  mailer?: Mailer;
  /** The same two senders grouped, as the pipeline passes them; `webhook`/`mailer` win. */
  channels?: AlertChannels;
  /** Config `email.from`. */
  emailFrom?: string;
  /** Config `network.allowPrivate`, for the default webhook sender. */
  allowPrivate?: boolean;
  /** Retries of one email within a run (default 3 tries, 0.5 s base backoff). */
  emailRetry?: Partial<RetryPolicy>;
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
  /**
   * How long a 'pending' record is taken to be in flight in another run (default 15 min, longer
   * than any delivery with its retries). Older pending records are from an interrupted run and
   * are sent again; younger ones are left alone, so overlapping runs do not send twice.
   */
  pendingLeaseMs?: number;
  clock?: () => Date;
}

/** A newly completed round: the later measure and the earlier one(s) it answers. */
export interface RoundToAlert {
  event: StoredEvent;
  matches: RoundMatch[];
  /** Optional additions to the body: the round's place in its chain and the wait figures. */
  round?: AlertRound;
  watch?: AlertWatch;
}

export type DeliveryOutcomeStatus = 'sent' | 'failed' | 'already_sent' | 'in_flight' | 'skipped';

export interface DeliveryOutcome {
  alertId: string;
  eventId: string;
  subscriber: string;
  channel: DeliveryChannel;
  status: DeliveryOutcomeStatus;
  /** Tries made in this run. */
  attempts: number;
  error: string | null;
}

export interface DispatchReport {
  sent: number;
  failed: number;
  /** (alert, subscriber) pairs the subscriber's filter left out, and retries with no subscriber left. */
  skipped: number;
  /** Deliveries already recorded as sent by an earlier run: not sent again. */
  alreadySent: number;
  /** Deliveries recorded as pending moments ago, by a run that is presumably still sending them. */
  inFlight: number;
  deliveries: DeliveryOutcome[];
  /** One human line per delivery made or found failed, for a CLI to print. */
  lines: string[];
}

const DEFAULT_EMAIL_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 };
export const DEFAULT_PENDING_LEASE_MS = 15 * 60_000;

/**
 * Alerts each subscriber whose filter passes, on each of its channels, once per answering event.
 *
 * Every delivery is recorded ('pending') before it is sent and updated ('sent' or 'failed', with
 * the tries and the last error) after, so that across crashes and reruns:
 * - an (event, subscriber) pair has one alert id, the same on every channel, retry and rerun;
 * - a delivery recorded as sent is never sent again;
 * - a delivery left pending (a crash between record and update) or failed is sent again by the
 *   next dispatch of the same round or by `retryAlerts` (a pending one once its lease is over,
 *   so that two overlapping runs do not both send it); a receiver sees the same
 *   `X-Riposte-Delivery` and can drop the rare second copy of a send cut off before its update.
 * Delivery failures never throw; a store failure does (the records already written stay valid).
 */
export async function dispatchAlerts(deps: AlertDeps, rounds: RoundToAlert[]): Promise<DispatchReport> {
  const clock = deps.clock ?? (() => new Date());
  const report = emptyReport();
  const unfinished = lazyUnfinishedRecords(deps.store);
  const jobs: Array<() => Promise<void>> = [];

  for (const round of mergeRounds(rounds)) {
    if (round.matches.length === 0) continue;
    for (const subscriber of deps.subscribers) {
      const id = alertId(round.event.id, subscriber.name);
      if (!wants(subscriber, round)) {
        report.skipped++;
        continue;
      }
      const alert: Alert = { type: 'retaliation', id, event: round.event, matches: round.matches };
      if (round.round) alert.round = round.round;
      if (round.watch) alert.watch = round.watch;
      for (const channel of channelsOf(subscriber)) {
        jobs.push(async () => {
          const now = clock().toISOString();
          const record: AlertRecord = {
            id,
            subscriber: subscriber.name,
            channel,
            eventId: round.event.id,
            alert,
            status: 'pending',
            attempts: 0,
            lastError: null,
            createdAt: now,
            updatedAt: now,
          };
          let toSend = record;
          if ((await deps.store.createAlert(record)) === 'duplicate') {
            const existing = (await unfinished()).get(recordKey(id, channel));
            if (!existing) {
              report.alreadySent++;
              report.deliveries.push(outcomeOf(record, 'already_sent', 0, null));
              return;
            }
            if (isInFlight(existing, deps, clock)) {
              noteInFlight(existing, report);
              return;
            }
            toSend = existing;
          }
          await deliverAndRecord(deps, subscriber, toSend, report);
        });
      }
    }
  }

  await runAll(jobs, deps.concurrency);
  return report;
}

/**
 * Sends again the recorded deliveries that are pending or failed (or only those of `filter`),
 * to the subscriber as configured now. Used at the start of each cycle and by
 * `riposte alerts retry`.
 */
export async function retryAlerts(
  deps: AlertDeps,
  filter: { status?: Exclude<DeliveryStatus, 'sent'>; subscriber?: string; alertId?: string; channel?: DeliveryChannel } = {},
): Promise<DispatchReport> {
  const clock = deps.clock ?? (() => new Date());
  const report = emptyReport();
  const statuses: DeliveryStatus[] = filter.status ? [filter.status] : ['pending', 'failed'];
  const records = (await Promise.all(statuses.map((status) => deps.store.listAlerts({ status })))).flat();
  const jobs: Array<() => Promise<void>> = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (record.status === 'sent') continue;
    if (filter.subscriber && record.subscriber !== filter.subscriber) continue;
    if (filter.alertId && record.id !== filter.alertId) continue;
    if (filter.channel && record.channel !== filter.channel) continue;
    const key = recordKey(record.id, record.channel);
    if (seen.has(key)) continue;
    seen.add(key);
    const subscriber = deps.subscribers.find((s) => s.name === record.subscriber);
    if (!subscriber || !channelsOf(subscriber).includes(record.channel)) {
      report.skipped++;
      report.deliveries.push(outcomeOf(record, 'skipped', 0, 'subscriber or channel no longer configured'));
      report.lines.push(`skipped ${record.channel} ${record.id} to ${record.subscriber}: no longer configured (kept as ${record.status})`);
      continue;
    }
    if (isInFlight(record, deps, clock)) {
      noteInFlight(record, report);
      continue;
    }
    jobs.push(() => deliverAndRecord(deps, subscriber, record, report));
  }
  await runAll(jobs, deps.concurrency);
  return report;
}

/** Whether the subscriber's filter lets a round through: countries (either side), minScore (best match). */
export function wants(subscriber: Subscriber, round: RoundToAlert): boolean {
  if (subscriber.countries && subscriber.countries.length > 0) {
    const sides = [round.event.expelling_country, round.event.expelled_country];
    if (!sides.some((side) => subscriber.countries!.includes(side))) return false;
  }
  if (subscriber.minScore !== undefined) {
    const best = Math.max(...round.matches.map((m) => m.score));
    if (!(best >= subscriber.minScore)) return false;
  }
  return true;
}

async function deliverAndRecord(deps: AlertDeps, subscriber: Subscriber, record: AlertRecord, report: DispatchReport): Promise<void> {
  const outcome = await deliver(deps, subscriber, record);
  const status: DeliveryStatus = outcome.ok ? 'sent' : 'failed';
  await deps.store.updateAlert(record.id, record.channel, {
    status,
    attempts: record.attempts + outcome.attempts,
    lastError: outcome.ok ? null : outcome.error,
  });
  const target = `${record.channel} ${record.id} to ${record.subscriber}`;
  if (outcome.ok) {
    report.sent++;
    report.lines.push(`sent ${target} (${outcome.attempts} ${outcome.attempts === 1 ? 'try' : 'tries'})`);
  } else {
    report.failed++;
    report.lines.push(`FAILED ${target} after ${outcome.attempts} ${outcome.attempts === 1 ? 'try' : 'tries'}: ${outcome.error} (kept; riposte alerts retry)`);
  }
  report.deliveries.push(outcomeOf(record, outcome.ok ? 'sent' : 'failed', outcome.attempts, outcome.error));
}

async function deliver(deps: AlertDeps, subscriber: Subscriber, record: AlertRecord): Promise<AttemptOutcome> {
  try {
    if (record.channel === 'webhook') {
      if (!subscriber.webhook) return { ok: false, attempts: 0, error: 'subscriber has no webhook' };
      const sender = deps.webhook ?? deps.channels?.webhook ?? defaultSender(deps);
      return await sender.send(subscriber.webhook, record.alert);
    }
    const mailer = deps.mailer ?? deps.channels?.mailer;
    if (!subscriber.email) return { ok: false, attempts: 0, error: 'subscriber has no email' };
    if (!mailer || !deps.emailFrom) return { ok: false, attempts: 0, error: 'no mailer configured (config email)' };
    const rendered = renderEmail(record.alert);
    const message = { from: deps.emailFrom, to: subscriber.email, ...rendered };
    return await withRetries(() => mailer.send(message), {
      policy: { ...DEFAULT_EMAIL_RETRY, ...deps.emailRetry },
      describe: describeError,
    });
  } catch (error) {
    // A sender must not throw; if one does, the delivery is failed, not lost.
    return { ok: false, attempts: 1, error: describeError(error) };
  }
}

const defaultSenders = new WeakMap<AlertDeps, WebhookSender>();
function defaultSender(deps: AlertDeps): WebhookSender {
  let sender = defaultSenders.get(deps);
  if (!sender) {
    sender = createWebhookSender({ allowPrivate: deps.allowPrivate ?? false });
    defaultSenders.set(deps, sender);
  }
  return sender;
}

function isInFlight(record: AlertRecord, deps: AlertDeps, clock: () => Date): boolean {
  if (record.status !== 'pending') return false;
  const age = clock().getTime() - Date.parse(record.updatedAt);
  return age < (deps.pendingLeaseMs ?? DEFAULT_PENDING_LEASE_MS);
}

function noteInFlight(record: AlertRecord, report: DispatchReport): void {
  report.inFlight++;
  report.deliveries.push(outcomeOf(record, 'in_flight', 0, null));
  report.lines.push(`left ${record.channel} ${record.id} to ${record.subscriber}: pending since ${record.updatedAt}, another run is sending it`);
}

function channelsOf(subscriber: Subscriber): DeliveryChannel[] {
  const channels: DeliveryChannel[] = [];
  if (subscriber.webhook) channels.push('webhook');
  if (subscriber.email) channels.push('email');
  return channels;
}

/** One alert per answering event: rounds of the same event are merged, matches best first. */
function mergeRounds(rounds: RoundToAlert[]): RoundToAlert[] {
  const byEvent = new Map<string, RoundToAlert>();
  for (const round of rounds) {
    const known = byEvent.get(round.event.id);
    if (!known) {
      byEvent.set(round.event.id, { ...round, matches: [...round.matches] });
      continue;
    }
    const matches = new Map(known.matches.map((m) => [m.event.id, m]));
    for (const match of round.matches) {
      const previous = matches.get(match.event.id);
      if (!previous || match.score > previous.score) matches.set(match.event.id, match);
    }
    const respondsTo = [...new Set([...known.event.responds_to, ...round.event.responds_to])];
    byEvent.set(round.event.id, {
      ...known,
      event: { ...known.event, responds_to: respondsTo },
      matches: [...matches.values()].sort((a, b) => b.score - a.score),
    });
  }
  return [...byEvent.values()];
}

/** The pending and failed records, read once per dispatch and only when a duplicate needs it. */
function lazyUnfinishedRecords(store: EventStore): () => Promise<Map<string, AlertRecord>> {
  let loading: Promise<Map<string, AlertRecord>> | null = null;
  return () => {
    loading ??= Promise.all([store.listAlerts({ status: 'pending' }), store.listAlerts({ status: 'failed' })]).then(
      ([pending, failed]) => new Map([...pending, ...failed].map((r) => [recordKey(r.id, r.channel), r])),
    );
    return loading;
  };
}

async function runAll(jobs: Array<() => Promise<void>>, concurrency = 4): Promise<void> {
  const limit = pLimit(Math.max(1, concurrency));
  const results = await Promise.allSettled(jobs.map((job) => limit(job)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

function recordKey(id: string, channel: DeliveryChannel): string {
  return `${id}#${channel}`;
}

function outcomeOf(record: AlertRecord, status: DeliveryOutcomeStatus, attempts: number, error: string | null): DeliveryOutcome {
  return { alertId: record.id, eventId: record.eventId, subscriber: record.subscriber, channel: record.channel, status, attempts, error };
}

function emptyReport(): DispatchReport {
  return { sent: 0, failed: 0, skipped: 0, alreadySent: 0, inFlight: 0, deliveries: [], lines: [] };
}
