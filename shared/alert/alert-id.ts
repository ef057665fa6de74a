import { createHash } from 'node:crypto';

/**
 * The stable id of the alert of one answering event to one subscriber: the same on every retry,
 * rerun and process, so a receiver can deduplicate on `X-Riposte-Delivery`.
 *
 * @example alertId('ru-us-2018-03-29', 'ops') // → 'alt_…' (32 hex digits)
 */
export function alertId(eventId: string, subscriberName: string): string {
  const digest = createHash('sha256').update(`riposte-alert\u0000${eventId}\u0000${subscriberName}`, 'utf8').digest('hex');
  return `alt_${digest.slice(0, 32)}`;
}
