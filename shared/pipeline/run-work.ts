import type { Config } from '../domain/config.js';
import type { AlertChannels, DispatchReport } from '../alert/index.js';
import type { EventStore } from '../store/event-store.js';
import type { HostGate } from '../fetch/index.js';
import { pollCycle, resumePendingAlerts, type CycleReport } from './poll-cycle.js';
import type { WorkMessage } from './work-messages.js';

export type WorkOutcome =
  | { kind: 'poll-feed'; feed: string; report: CycleReport }
  /** The feed is no longer in the config (the message predates a deploy): nothing to do. */
  | { kind: 'unknown-feed'; feed: string }
  | { kind: 'resume-alerts'; report: DispatchReport };

/** What the messages of one worker invocation share: their feeds are polled at once. */
export interface WorkBatch {
  /** Per-host politeness across the whole batch. */
  gate: HostGate;
  /** Wall-clock ms after which no article fetch starts (deferred to the next tick), so the batch ends in time. */
  deadline?: number;
}

/**
 * One unit of queued work, by the same use cases as the CLI: a feed is polled by `pollCycle` over
 * that one feed (fetch, extract, store, match and alert, as `riposte poll` does), from the state
 * the message carries (no read). Alerts are sent
 * here, by the worker that stored the answering event: the delivery records make each
 * (event, subscriber, channel) exactly once whichever worker gets there (docs/deploy.md).
 * Throws only when the work could not be done at all (the store is unreachable): the message is
 * then retried, and after the queue's receive limit, kept in its dead-letter queue.
 */
export async function runWork(
  message: WorkMessage,
  deps: { store: EventStore; config: Config; channels: AlertChannels; clock?: () => Date; batch?: WorkBatch },
): Promise<WorkOutcome> {
  if (message.kind === 'resume-alerts') return { kind: 'resume-alerts', report: await resumePendingAlerts(deps) };
  const feed = deps.config.feeds.find((f) => f.name === message.feed && f.url === message.url);
  if (!feed) return { kind: 'unknown-feed', feed: message.feed };
  const report = await pollCycle({
    ...deps,
    config: { ...deps.config, feeds: [feed] },
    resumePending: false,
    backoff: false,
    knownStates: message.state === undefined ? undefined : new Map([[feed.url, message.state]]),
    gate: deps.batch?.gate,
    deadline: deps.batch?.deadline,
  });
  return { kind: 'poll-feed', feed: feed.name, report };
}
