import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.js';
import { renderPage, SAMPLE_ARTICLES, SAMPLE_FEEDS, startSampleServer, type SampleServer } from '../../shared/local/sample-server.js';
import { capture, pointCliAtTable } from '../helpers/cli.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

describe('riposte extract', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'riposte-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints one JSON line per file, in order, and exit status 1 after an unreadable file', async () => {
    const article = SAMPLE_ARTICLES.find((a) => a.slug === 'russia-expels-20-czech-diplomats')!;
    const page = path.join(dir, 'page.html');
    await writeFile(page, renderPage(article, SAMPLE_ARTICLES));
    const missing = path.join(dir, 'missing.html');
    const { io, out } = capture();
    const status = await main(['node', 'riposte', 'extract', '--with-text', page, missing], io);
    expect(status).toBe(1);
    expect(out).toHaveLength(2);
    const first = JSON.parse(out[0]!);
    expect(first.file).toBe(page);
    expect(first.title).toBe(article.title);
    expect(first.published).toBe('2021-04-18');
    expect(first.text).toContain('20 Czech diplomats');
    expect(first.events).toContainEqual(
      expect.objectContaining({ expelling_country: 'RU', expelled_country: 'CZ', count: 20, new: true, is_retaliation: true }),
    );
    const second = JSON.parse(out[1]!);
    expect(second).toEqual({ file: missing, error: expect.stringContaining('missing.html') });
  });

  it('refuses a malformed --published with a usage error', async () => {
    const { io, err } = capture();
    const status = await main(['node', 'riposte', 'extract', '--published', '29/03/2018', 'x.html'], io);
    expect(status).toBe(2);
    expect(err.join('')).toMatch(/YYYY-MM-DD/);
  });
});

describe('riposte poll, history and feeds on an external DynamoDB endpoint', () => {
  let db: TestTable;
  let feeds: SampleServer;
  let dir: string;
  let restoreEnv: () => void = () => {};

  beforeAll(async () => {
    [db, feeds] = await Promise.all([createTestTable('cli'), startSampleServer()]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'riposte-cli-'));
    restoreEnv = pointCliAtTable(db.tableName);
  });
  afterAll(async () => {
    restoreEnv();
    await Promise.all([db?.drop(), feeds?.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('polls, then lists the stored events and the feed states as JSON', async () => {
    feeds.releaseUntil('2018-04-01');
    const configFile = path.join(dir, 'config.json');
    await writeFile(
      configFile,
      JSON.stringify({ feeds: SAMPLE_FEEDS.map((f) => ({ name: f.name, url: feeds.feedUrl(f.name) })), network: { allowPrivate: true } }),
    );
    const poll = capture();
    expect(await main(['node', 'riposte', 'poll', '--config', configFile], poll.io)).toBe(0);
    expect(poll.out.join('\n')).toMatch(/Feeds: 3 polled, 3 ok/);

    const history = capture();
    expect(await main(['node', 'riposte', 'history', '--country', 'ru', '--with', 'GB', '--json'], history.io)).toBe(0);
    const events = JSON.parse(history.out.join(''));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect([e.expelling_country, e.expelled_country].sort()).toEqual(['GB', 'RU']);
    expect(events[0]).toEqual(expect.objectContaining({ id: expect.any(String), sources: expect.any(Array), responds_to: expect.any(Array) }));

    const listed = capture();
    expect(await main(['node', 'riposte', 'feeds', '--json'], listed.io)).toBe(0);
    const states = JSON.parse(listed.out.join(''));
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(Object.keys(s).sort()).toEqual(['error', 'items', 'lastPolledAt', 'name', 'status', 'url']);
      expect(s.status).toBe('ok');
    }
  });

  it('refuses a config with a typo, naming the field, and runs nothing', async () => {
    const configFile = path.join(dir, 'typo.json');
    await writeFile(configFile, JSON.stringify({ feeds: [{ name: 'x', url: 'https://example.org/rss', titel: 'x' }] }));
    const { io, err } = capture();
    expect(await main(['node', 'riposte', 'poll', '--config', configFile], io)).toBe(1);
    expect(err.join('')).toMatch(/feeds\.0.*titel/s);
  });

  it('says in --help how to select an external DynamoDB', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'riposte', 'history', '--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/RIPOSTE_TABLE/);
    expect(out.join('')).toMatch(/AWS_ENDPOINT_URL_DYNAMODB/);
  });
});
