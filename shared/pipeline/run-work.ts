import type { Config } from '../domain/config.js';
import type { AlertChannels, DispatchReport } from '../alert/index.js';
import type { EventStore } from '../store/event-store.js';
import { pollCycle, resumePendingAlerts, type CycleReport } from './poll-cycle.js';
import type { WorkMessage } from './work-messages.js';

export type WorkOutcome =
  | { kind: 'poll-feed'; feed: string; report: CycleReport }
  /** The feed is no longer in the config (the message predates a deploy): nothing to do. */
  | { kind: 'unknown-feed'; feed: string }
  | { kind: 'resume-alerts'; report: DispatchReport };

/**
 * One unit of queued work, by the same use cases as the CLI: a feed is polled by `pollCycle` over
 * that one feed (fetch, extract, store, match and alert, as `riposte poll` does). Alerts are sent
 * here, by the worker that stored the answering event: the delivery records make each
 * (event, subscriber, channel) exactly once whichever worker gets there (docs/deploy.md).
 * Throws only when the work could not be done at all (the store is unreachable): the message is
 * then retried, and after the queue's receive limit, kept in its dead-letter queue.
 */
export async function runWork(
  message: WorkMessage,
  deps: { store: EventStore; config: Config; channels: AlertChannels; clock?: () => Date },
): Promise<WorkOutcome> {
  if (message.kind === 'resume-alerts') return { kind: 'resume-alerts', report: await resumePendingAlerts(deps) };
  const feed = deps.config.feeds.find((f) => f.name === message.feed && f.url === message.url);
  if (!feed) return { kind: 'unknown-feed', feed: message.feed };
  const report = await pollCycle({ ...deps, config: { ...deps.config, feeds: [feed] }, resumePending: false, backoff: false });
  return { kind: 'poll-feed', feed: feed.name, report };
}
