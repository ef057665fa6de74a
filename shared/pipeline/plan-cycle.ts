import type { Config, FeedConfig } from '../domain/config.js';
import type { EventStore, FeedState } from '../store/event-store.js';
import { MAX_CARRIED_STATE_BYTES, type WorkMessage, type WorkQueue } from './work-messages.js';

/** A failing feed waits 1, 2, 4 … up to this many poll intervals before its next try. */
export const MAX_BACKOFF_INTERVALS = 32;

export interface CyclePlan {
  /** Feeds to poll now, in config order. */
  due: FeedConfig[];
  /** Failing feeds left to rest this time, and when they are due again. */
  resting: Array<{ feed: FeedConfig; failures: number; dueAt: string }>;
  /** The feed states read to plan, by URL: the due feeds' work messages carry theirs. */
  states: Map<string, FeedState>;
}

/**
 * Which feeds a scheduled tick polls: every feed never polled or polled at least half an interval
 * ago (so a late tick does not poll twice), except a feed that keeps failing, which waits
 * 2^(failures−1) intervals, at most MAX_BACKOFF_INTERVALS: a dead feed costs little.
 */
export async function planCycle(deps: { store: EventStore; config: Config; everyMinutes: number; clock?: () => Date }): Promise<CyclePlan> {
  const now = (deps.clock ?? (() => new Date()))().getTime();
  const states = new Map((await deps.store.listFeedStates()).map((s) => [s.url, s]));
  const plan: CyclePlan = { due: [], resting: [], states };
  for (const feed of deps.config.feeds) {
    const dueAt = nextDue(states.get(feed.url), deps.everyMinutes);
    if (dueAt === null || dueAt <= now) plan.due.push(feed);
    else plan.resting.push({ feed, failures: states.get(feed.url)!.consecutiveFailures, dueAt: new Date(dueAt).toISOString() });
  }
  return plan;
}

function nextDue(state: FeedState | undefined, everyMinutes: number): number | null {
  if (!state?.lastPolledAt) return null;
  const last = Date.parse(state.lastPolledAt);
  if (Number.isNaN(last)) return null;
  return Math.max(last + 0.5 * everyMinutes * 60_000, restingUntil(state, everyMinutes) ?? 0);
}

/**
 * Until when a feed rests, by the one rule both paths share (the scheduled tick and the local
 * cycle): a feed failing n >= 2 times in a row waits 2^(n−1) poll intervals (at most
 * MAX_BACKOFF_INTERVALS) after its last try, less half an interval for a late tick; a feed that
 * answered with a Retry-After waits until then. Null when nothing holds it back.
 * With `everyMinutes` null only the Retry-After counts.
 */
export function restingUntil(state: FeedState, everyMinutes: number | null): number | null {
  let until: number | null = null;
  const last = state.lastPolledAt ? Date.parse(state.lastPolledAt) : Number.NaN;
  if (everyMinutes !== null && state.consecutiveFailures > 1 && !Number.isNaN(last)) {
    const intervals = Math.min(2 ** (state.consecutiveFailures - 1), MAX_BACKOFF_INTERVALS);
    until = last + (intervals - 0.5) * everyMinutes * 60_000;
  }
  const retry = state.retryAfter ? Date.parse(state.retryAfter) : Number.NaN;
  if (!Number.isNaN(retry) && (until === null || retry > until)) until = retry;
  return until;
}

/**
 * The work of one tick: resume pending alert deliveries once, then one message per due feed with
 * the state just read (null: never polled), unless that state is too large to carry.
 */
export function workOf(plan: CyclePlan): WorkMessage[] {
  return [
    { kind: 'resume-alerts' },
    ...spreadByHost(plan.due).map((feed): WorkMessage => {
      const state = plan.states.get(feed.url) ?? null;
      const carried = state === null || Buffer.byteLength(JSON.stringify(state)) <= MAX_CARRIED_STATE_BYTES;
      return carried ? { kind: 'poll-feed', feed: feed.name, url: feed.url, state } : { kind: 'poll-feed', feed: feed.name, url: feed.url };
    }),
  ];
}

/**
 * The feeds in round-robin order over their hosts (each host's feeds in config order): the workers
 * take the tick's messages in batches, polled at once under a per-host gate, so a host's feeds
 * spread over the batches instead of waiting for each other in one.
 */
export function spreadByHost(feeds: FeedConfig[]): FeedConfig[] {
  const byHost = new Map<string, FeedConfig[]>();
  for (const feed of feeds) {
    let host: string;
    try {
      host = new URL(feed.url).host;
    } catch {
      host = feed.url;
    }
    byHost.set(host, [...(byHost.get(host) ?? []), feed]);
  }
  const queues = [...byHost.values()];
  const spread: FeedConfig[] = [];
  for (let round = 0; spread.length < feeds.length; round++) for (const queue of queues) if (round < queue.length) spread.push(queue[round]!);
  return spread;
}

/**
 * The scheduled entry point of the AWS deployment: plan the tick and queue its work for the feed
 * workers, which run `runWork` (the same poll cycle as `riposte poll`, one feed at a time).
 */
export async function scheduleCycle(deps: { store: EventStore; config: Config; queue: WorkQueue; everyMinutes: number; clock?: () => Date }) {
  const plan = await planCycle(deps);
  await deps.queue.send(workOf(plan));
  return { feeds: deps.config.feeds.length, due: plan.due.length, resting: plan.resting.length };
}
