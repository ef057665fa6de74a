import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../shared/local/demo.js';
import { openStore } from '../../shared/local/open-store.js';

/** `npm start` end to end, on its own embedded DynamoDB Local in a temporary data directory. */
describe('the local demo (npm start)', () => {
  let dataDir: string;
  const lines: string[] = [];
  let status: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'riposte-demo-'));
    status = await runDemo({ dataDir, log: (line) => void lines.push(line) });
  }, 150_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('exits 0 and tells what it found, matched and delivered', () => {
    expect(status).toBe(0);
    const output = lines.join('\n');
    expect(output).toMatch(/Events: \d+ new/);
    expect(output).toMatch(/Rounds: [1-9]\d* matched/);
    expect(output).toMatch(/webhook ← RU→US/);
    expect(output).toMatch(/signature valid/);
    expect(output).not.toMatch(/INVALID/);
  });

  it('leaves the record in the data directory for `riposte history` and `riposte feeds`', async () => {
    const opened = await openStore({ dataDir, env: {} });
    try {
      const events = await opened.store.findEvents({});
      const directions = new Set(events.map((e) => `${e.expelling_country}>${e.expelled_country}`));
      expect(directions).toContain('RU>US');
      expect(directions).toContain('US>RU');
      expect(directions).toContain('RU>CZ');
      const feeds = await opened.store.listFeedStates();
      expect(feeds.map((f) => f.status)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('refuses to reset a data directory that holds other feeds, and leaves it untouched', async () => {
    const keepSamples = { onlyIfFeedsMatch: (name: string) => name.startsWith('sample-') };
    const opened = await openStore({ dataDir, env: {} });
    let before: number;
    try {
      const [one] = await opened.store.listFeedStates();
      await opened.store.putFeedState({ ...one!, name: 'my-real-feed', url: 'https://example.org/feed' });
      before = (await opened.store.findEvents({})).length;
    } finally {
      await opened.close();
    }
    await expect(openStore({ dataDir, env: {}, reset: keepSamples })).rejects.toThrow(/my-real-feed/);
    const reopened = await openStore({ dataDir, env: {} });
    try {
      expect((await reopened.store.findEvents({})).length).toBe(before);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
