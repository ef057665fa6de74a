import { RiposteError } from '../domain/errors.js';
import type { FeedState } from '../store/event-store.js';

/**
 * The units of work the scheduled planner hands to the feed workers (on AWS, one SQS message
 * each): poll one feed, or send the alert deliveries an interrupted run left pending.
 *
 * A poll carries the feed's state as the planner read it (null: never polled), so the worker
 * reads nothing before polling; its state write is conditional on that state still being the
 * stored one. Without `state` (a state too large to carry, or a message from an older planner)
 * the worker reads it from the store.
 */
export type WorkMessage = { kind: 'poll-feed'; feed: string; url: string; state?: FeedState | null } | { kind: 'resume-alerts' };

/** The largest feed state carried in a message (JSON): ten messages stay under SQS's 64 KB billing unit. */
export const MAX_CARRIED_STATE_BYTES = 6 * 1024;

/** Where the planner puts work. Throws when a message could not be queued. */
export interface WorkQueue {
  send(messages: WorkMessage[]): Promise<void>;
}

/** A message body as received; anything but a WorkMessage is refused, saying why. (No zod here: it would triple the bundles.) */
export function parseWorkMessage(body: string): WorkMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new RiposteError('config_invalid', 'work message is not JSON', { cause });
  }
  const m = json as Record<string, unknown> | null;
  if (m?.kind === 'resume-alerts' && Object.keys(m).length === 1) return { kind: 'resume-alerts' };
  if (m?.kind === 'poll-feed' && typeof m.feed === 'string' && m.feed && typeof m.url === 'string' && m.url) {
    const keys = Object.keys(m).filter((k) => k !== 'state');
    if (keys.length === 3 && !('state' in m)) return { kind: 'poll-feed', feed: m.feed, url: m.url };
    if (keys.length === 3 && (m.state === null || isFeedState(m.state, m.url))) return { kind: 'poll-feed', feed: m.feed, url: m.url, state: m.state as FeedState | null };
  }
  throw new RiposteError('config_invalid', `not a work message: ${body.slice(0, 200)}`);
}

/** The shape of a carried state, for this feed: anything else is refused rather than trusted. */
function isFeedState(value: unknown, url: string): boolean {
  const s = value as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const stringOrNull = (v: unknown) => v === null || typeof v === 'string';
  return (
    s.url === url &&
    typeof s.name === 'string' &&
    (s.status === 'ok' || s.status === 'error' || s.status === 'never') &&
    stringOrNull(s.error) &&
    typeof s.items === 'number' &&
    stringOrNull(s.lastPolledAt) &&
    stringOrNull(s.etag) &&
    stringOrNull(s.lastModified) &&
    typeof s.consecutiveFailures === 'number' &&
    (s.retryAfter === undefined || stringOrNull(s.retryAfter)) &&
    (s.seenItems === undefined || (Array.isArray(s.seenItems) && s.seenItems.every((k) => typeof k === 'string'))) &&
    (s.bodyHash === undefined || typeof s.bodyHash === 'string')
  );
}

/** An in-process queue (tests, local runs): keeps what it is sent. */
export class MemoryWorkQueue implements WorkQueue {
  readonly sent: WorkMessage[] = [];
  async send(messages: WorkMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
}
