import { describe, expect, it } from 'vitest';
import { MAX_CARRIED_STATE_BYTES, parseWorkMessage } from '../../shared/pipeline/work-messages.js';
import { spreadByHost, workOf, type CyclePlan } from '../../shared/pipeline/plan-cycle.js';
import type { FeedState } from '../../shared/store/event-store.js';

const url = 'https://example.org/rss.xml';
const state: FeedState = {
  name: 'tass',
  url,
  status: 'ok',
  error: null,
  items: 20,
  lastPolledAt: '2026-03-02T08:00:00.000Z',
  etag: '"abc"',
  lastModified: null,
  consecutiveFailures: 0,
  seenItems: Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(16, '0')),
  bodyHash: '0123456789abcdef',
};

describe('work messages', () => {
  it('carry the feed state read by the planner, or none, and refuse a state of another feed or shape', () => {
    expect(parseWorkMessage(JSON.stringify({ kind: 'poll-feed', feed: 'tass', url, state }))).toEqual({ kind: 'poll-feed', feed: 'tass', url, state });
    expect(parseWorkMessage(JSON.stringify({ kind: 'poll-feed', feed: 'tass', url, state: null }))).toEqual({ kind: 'poll-feed', feed: 'tass', url, state: null });
    expect(parseWorkMessage(JSON.stringify({ kind: 'poll-feed', feed: 'tass', url }))).toEqual({ kind: 'poll-feed', feed: 'tass', url });
    for (const bad of [{ ...state, url: 'https://other.example/rss' }, { ...state, items: '20' }, { ...state, seenItems: [1] }, [state], 'state']) {
      expect(() => parseWorkMessage(JSON.stringify({ kind: 'poll-feed', feed: 'tass', url, state: bad }))).toThrow(/not a work message/);
    }
    expect(() => parseWorkMessage(JSON.stringify({ kind: 'poll-feed', feed: 'tass', url, state, extra: 1 }))).toThrow(/not a work message/);
  });

  it('keep ten messages of 20-item feeds well under 64 KB, and leave out a state too large to carry', () => {
    const feeds = Array.from({ length: 10 }, (_, i) => ({ name: `feed-${i}`, url: `https://example.org/${i}/rss.xml` }));
    const states = new Map(feeds.map((f) => [f.url, { ...state, ...f }]));
    const plan: CyclePlan = { due: feeds, resting: [], states };
    const bodies = workOf(plan).slice(1).map((m) => JSON.stringify(m));
    expect(bodies.every((b) => JSON.parse(b).state !== undefined)).toBe(true);
    expect(bodies.reduce((n, b) => n + Buffer.byteLength(b), 0)).toBeLessThan(16 * 1024);

    const huge = { ...state, seenItems: Array.from({ length: 500 }, (_, i) => i.toString(16).padStart(16, '0')) };
    expect(Buffer.byteLength(JSON.stringify(huge))).toBeGreaterThan(MAX_CARRIED_STATE_BYTES);
    const [, message] = workOf({ due: [{ name: 'tass', url }], resting: [], states: new Map([[url, huge]]) });
    expect(message).toEqual({ kind: 'poll-feed', feed: 'tass', url });
    const [, never] = workOf({ due: [{ name: 'tass', url }], resting: [], states: new Map() });
    expect(never).toEqual({ kind: 'poll-feed', feed: 'tass', url, state: null });
  });

  it('spread the feeds of one host over the tick, so that a batch does not hold them all', () => {
    const feed = (host: string, i: number) => ({ name: `${host}-${i}`, url: `https://${host}/feed-${i}.xml` });
    const feeds = [feed('a.example', 1), feed('a.example', 2), feed('a.example', 3), feed('b.example', 1), feed('c.example', 1), feed('c.example', 2)];
    expect(spreadByHost(feeds).map((f) => f.name)).toEqual(['a.example-1', 'b.example-1', 'c.example-1', 'a.example-2', 'c.example-2', 'a.example-3']);
    const plan: CyclePlan = { due: feeds, resting: [], states: new Map() };
    expect(workOf(plan).flatMap((m) => (m.kind === 'poll-feed' ? [m.feed] : [])).sort()).toEqual(feeds.map((f) => f.name).sort());
  });
});
