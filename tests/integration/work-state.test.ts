import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../shared/domain/config.js';
import { channelsFromConfig } from '../../shared/pipeline/channels.js';
import { scheduleCycle } from '../../shared/pipeline/plan-cycle.js';
import { FEED_STATE_HEARTBEAT_MS, pollCycle } from '../../shared/pipeline/poll-cycle.js';
import { runWork } from '../../shared/pipeline/run-work.js';
import { MemoryWorkQueue, parseWorkMessage, type WorkMessage } from '../../shared/pipeline/work-messages.js';
import { startSampleServer, SAMPLE_FEEDS, type SampleServer } from '../../shared/local/sample-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import type { EventStore, FeedState } from '../../shared/store/event-store.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

const SECRET = 'test-secret';
const T0 = Date.parse('2026-03-02T08:00:00Z');
const MINUTE = 60_000;

/** The real store, with its feed-state reads and writes counted. */
function counting(store: EventStore) {
  const counts = { reads: 0, writes: 0 };
  const counted = Object.assign(Object.create(store) as EventStore, {
    getFeedState: (url: string) => {
      counts.reads++;
      return store.getFeedState(url);
    },
    putFeedState: (state: FeedState, expected?: { lastPolledAt: string | null }) => {
      counts.writes++;
      return store.putFeedState(state, expected);
    },
  });
  return { store: counted, counts };
}

/**
 * The AWS path's use cases on real parts (loopback feeds and pages, DynamoDB Local, a webhook
 * endpoint): the schedule plans a tick into a queue, each message is run as a worker runs it,
 * the messages going through JSON as they do through SQS.
 */
function awsPath(deps: { store: EventStore; config: Config; channels: ReturnType<typeof channelsFromConfig> }) {
  const queue = new MemoryWorkQueue();
  const plan = async (at: number): Promise<WorkMessage[]> => {
    const before = queue.sent.length;
    await scheduleCycle({ store: deps.store, config: deps.config, queue, everyMinutes: 5, clock: () => new Date(at) });
    return queue.sent.slice(before).filter((m) => m.kind === 'poll-feed').map((m) => parseWorkMessage(JSON.stringify(m)));
  };
  const run = (messages: WorkMessage[], at: number, store = deps.store) =>
    Promise.all(messages.map(async (m) => {
      const outcome = await runWork(m, { ...deps, store, clock: () => new Date(at) });
      if (outcome.kind !== 'poll-feed') throw new Error(`unexpected ${outcome.kind}`);
      return outcome.report;
    }));
  return { plan, run };
}

describe('work messages carry the feed state the schedule read', () => {
  let db: TestTable;
  let feeds: SampleServer;
  let hook: WebhookReceiver;
  let config: Config;
  let channels: ReturnType<typeof channelsFromConfig>;

  beforeAll(async () => {
    [db, feeds, hook] = await Promise.all([createTestTable('work-state'), startSampleServer(), startWebhookReceiver({ secret: SECRET })]);
    config = parseConfig({
      feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })),
      subscribers: [{ name: 'hook', webhook: { url: hook.url, secret: SECRET } }],
      network: { allowPrivate: true },
    });
    channels = channelsFromConfig(config);
  }, 60_000);

  afterAll(async () => {
    await channels?.close();
    await Promise.all([db?.drop(), feeds?.close(), hook?.close()]);
  });

  it('polls from the carried state without reading it, and a stale or repeated message cannot overwrite a newer state or alert twice', async () => {
    const aws = awsPath({ store: db.store, config, channels });
    const { store, counts } = counting(db.store);

    feeds.releaseUntil('2017-08-01');
    const first = await aws.plan(T0);
    expect(first.every((m) => m.kind === 'poll-feed' && m.state === null)).toBe(true);
    await aws.run(first, T0, store);
    expect(counts.reads).toBe(0);

    feeds.releaseUntil('2021-04-20');
    const second = await aws.plan(T0 + 5 * MINUTE);
    expect(second.every((m) => m.kind === 'poll-feed' && m.state?.lastPolledAt === new Date(T0).toISOString())).toBe(true);
    const fresh = await aws.run(second, T0 + 5 * MINUTE, store);
    expect(counts.reads).toBe(0);
    expect(fresh.flatMap((r) => r.feeds).every((f) => f.status === 'ok' && !f.staleState)).toBe(true);
    expect(hook.received.length).toBeGreaterThan(0);
    const statesAfter = await db.store.listFeedStates();
    const eventsAfter = await db.store.findEvents({});
    const alertsAfter = hook.received.length;

    // The same messages again (a redelivery, or a tick planned before the last write landed):
    // their polls see new items by their old state, but write nothing over the newer state.
    for (const [messages, at] of [[second, T0 + 7 * MINUTE], [first, T0 + 8 * MINUTE]] as const) {
      const stale = await aws.run(messages, at, store);
      expect(stale.flatMap((r) => r.feeds).map((f) => f.staleState)).toEqual(config.feeds.map(() => true));
      expect(stale.flatMap((r) => r.events).every((e) => e.outcome === 'duplicate')).toBe(true);
    }
    expect(counts.reads).toBe(0);
    expect(await db.store.listFeedStates()).toEqual(statesAfter);
    expect(await db.store.findEvents({})).toEqual(eventsAfter);
    expect(hook.received).toHaveLength(alertsAfter);

    // A message without a state (from an older planner) reads it, as the local cycle does.
    const [message] = second;
    const { state: _carried, ...plain } = message as Extract<WorkMessage, { kind: 'poll-feed' }>;
    await aws.run([plain], T0 + 10 * MINUTE, store);
    expect(counts.reads).toBe(1);
  }, 60_000);
});

describe('unchanged feeds on the worker path', () => {
  let db: TestTable;
  let plain: SampleServer;
  let validating: SampleServer;
  let config: Config;
  let channels: ReturnType<typeof channelsFromConfig>;

  beforeAll(async () => {
    [db, plain, validating] = await Promise.all([createTestTable('unchanged'), startSampleServer({ validators: false }), startSampleServer()]);
    const [feed] = SAMPLE_FEEDS;
    config = parseConfig({
      feeds: [
        { name: 'plain', url: plain.feedUrl(feed!.name) },
        { name: 'validating', url: validating.feedUrl(feed!.name) },
      ],
      network: { allowPrivate: true },
    });
    channels = channelsFromConfig(config);
    plain.releaseUntil('2018-04-01');
    validating.releaseUntil('2018-04-01');
  }, 60_000);

  afterAll(async () => {
    await channels?.close();
    await Promise.all([db?.drop(), plain?.close(), validating?.close()]);
  });

  it('counts a 200 with the same body bytes as unchanged, unparsed and unwritten, and writes its state every 6 hours', async () => {
    const aws = awsPath({ store: db.store, config, channels });
    const { store, counts } = counting(db.store);
    const polled = async (at: number) => {
      const reports = await aws.run(await aws.plan(at), at, store);
      return Object.fromEntries(reports.map((r) => [r.feeds[0]!.name, r.feeds[0]!.status]));
    };
    const stored = async () => Object.fromEntries((await db.store.listFeedStates()).map((s) => [s.name, s]));

    expect(await polled(T0)).toEqual({ plain: 'ok', validating: 'ok' });
    expect(counts.writes).toBe(2);
    const first = await stored();
    expect(first.plain!.bodyHash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.plain!.items).toBeGreaterThan(0);

    // Every tick within six hours: the plain feed answers 200 with the same bytes, the other 304;
    // both are unchanged, and nothing is written.
    const plainGets = () => plain.requests.filter((r) => r.startsWith('GET /feeds/') && r.endsWith(' 200')).length;
    const gets = plainGets();
    for (const at of [T0 + 5 * MINUTE, T0 + 60 * MINUTE, T0 + FEED_STATE_HEARTBEAT_MS - MINUTE]) {
      expect(await polled(at)).toEqual({ plain: 'not_modified', validating: 'not_modified' });
    }
    expect(plainGets()).toBe(gets + 3);
    expect(counts.writes).toBe(2);
    expect(await stored()).toEqual(first);

    // Six hours after the last write: the heartbeat writes lastPolledAt, nothing else changes.
    const heartbeat = T0 + FEED_STATE_HEARTBEAT_MS + 4 * MINUTE;
    expect(await polled(heartbeat)).toEqual({ plain: 'not_modified', validating: 'not_modified' });
    expect(counts.writes).toBe(4);
    const after = await stored();
    for (const name of ['plain', 'validating']) expect(after[name]).toEqual({ ...first[name], lastPolledAt: new Date(heartbeat).toISOString() });

    // New bytes are read again: parsed, new items found, a new hash written.
    plain.releaseUntil('2021-04-20');
    const changed = await aws.run(await aws.plan(heartbeat + 5 * MINUTE), heartbeat + 5 * MINUTE, store);
    const plainReport = changed.find((r) => r.feeds[0]!.name === 'plain')!;
    expect(plainReport.feeds[0]).toMatchObject({ status: 'ok' });
    expect(plainReport.feeds[0]!.newItems).toBeGreaterThan(0);
    expect((await stored()).plain!.bodyHash).not.toBe(first.plain!.bodyHash);
  }, 60_000);

  it('keeps the same rule on the local cycle: an unchanged state is written only as the 6-hour heartbeat', async () => {
    const { store, counts } = counting(db.store);
    const written = (await db.store.listFeedStates()).map((s) => Date.parse(s.lastPolledAt!));
    const [firstWrite, lastWrite] = [Math.min(...written), Math.max(...written)];
    const before = counts.writes;
    for (const at of [lastWrite + 5 * MINUTE, firstWrite + FEED_STATE_HEARTBEAT_MS - MINUTE]) {
      const local = await pollCycle({ store, config, channels, clock: () => new Date(at) });
      expect(local.feeds.map((f) => f.status)).toEqual(['not_modified', 'not_modified']);
    }
    expect(counts.writes).toBe(before);
    const heartbeat = lastWrite + FEED_STATE_HEARTBEAT_MS + MINUTE;
    await pollCycle({ store, config, channels, clock: () => new Date(heartbeat) });
    expect(counts.writes).toBe(before + 2);
    for (const state of await db.store.listFeedStates()) expect(state.lastPolledAt).toBe(new Date(heartbeat).toISOString());
  }, 60_000);
});
