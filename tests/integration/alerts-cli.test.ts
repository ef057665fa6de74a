import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../shared/cli/main.js';
import { HttpWebhookSender, alertId, dispatchAlerts } from '../../shared/alert/index.js';
import type { StoredEvent } from '../../shared/domain/event.js';
import { matchRounds } from '../../shared/match/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/local/webhook-receiver.js';
import { capture, pointCliAtTable } from '../helpers/cli.js';
import { createTestTable, type TestTable } from '../helpers/dynamo.js';

function event(id: string, fields: Partial<StoredEvent> & Pick<StoredEvent, 'expelling_country' | 'expelled_country' | 'date'>): StoredEvent {
  return {
    id,
    count: 2,
    action: 'expulsion',
    is_retaliation: false,
    new: true,
    evidence: '',
    sources: [{ url: `https://news.example.org/${id}`, title: id, published: fields.date, outlet: 'example' }],
    responds_to: [],
    ...fields,
  };
}

const SECRET = 'cli-secret';

describe('riposte alerts and riposte alerts retry', () => {
  let db: TestTable;
  let receiver: WebhookReceiver;
  let dir: string;
  let okConfig: string;
  let blockedConfig: string;
  let restoreEnv: () => void = () => {};
  const answer = event('gr-ru-answer', { expelling_country: 'RU', expelled_country: 'GR', date: '2018-08-06', is_retaliation: true });
  const earlier = event('gr-ru-first', { expelling_country: 'GR', expelled_country: 'RU', date: '2018-07-11' });
  const id = alertId(answer.id, 'ops');

  beforeAll(async () => {
    // The receiver answers 503 to the first two requests, then recovers.
    [db, receiver] = await Promise.all([createTestTable('alerts-cli'), startWebhookReceiver({ secret: SECRET, failFirst: 2 })]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'riposte-alerts-'));
    const subscriber = { name: 'ops', webhook: { url: receiver.url, secret: SECRET } };
    okConfig = path.join(dir, 'config.json');
    blockedConfig = path.join(dir, 'blocked.json');
    await writeFile(okConfig, JSON.stringify({ feeds: [], subscribers: [subscriber], network: { allowPrivate: true } }));
    // The same subscriber, but loopback addresses refused: every send fails for good at once.
    await writeFile(blockedConfig, JSON.stringify({ feeds: [], subscribers: [subscriber] }));
    restoreEnv = pointCliAtTable(db.tableName);

    const report = await dispatchAlerts(
      {
        store: db.store,
        subscribers: [subscriber],
        webhook: new HttpWebhookSender({ allowPrivate: true, attempts: 2, baseDelayMs: 1, maxDelayMs: 1 }),
      },
      [{ event: answer, matches: matchRounds(answer, [earlier]) }],
    );
    expect(report.failed).toBe(1);
  });
  afterAll(async () => {
    restoreEnv();
    await Promise.all([db?.drop(), receiver?.close(), rm(dir, { recursive: true, force: true })]);
  });

  it('lists the failed delivery as JSON, with its tries and last error', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'riposte', 'alerts', '--json'], io)).toBe(0);
    const listed = JSON.parse(out.join(''));
    expect(listed).toEqual([
      {
        id,
        subscriber: 'ops',
        channel: 'webhook',
        eventId: answer.id,
        event: 'RU→GR',
        status: 'failed',
        attempts: 2,
        lastError: expect.stringMatching(/503/),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);

    const sentOnly = capture();
    expect(await main(['node', 'riposte', 'alerts', '--status', 'sent', '--json'], sentOnly.io)).toBe(0);
    expect(JSON.parse(sentOnly.out.join(''))).toEqual([]);

    const table = capture();
    expect(await main(['node', 'riposte', 'alerts', '--status', 'failed'], table.io)).toBe(0);
    expect(table.out.join('')).toContain(id);
    expect(table.out.join('')).toContain('failed');
  });

  it('exits 1 with a summary when the retry fails again, and keeps the record failed', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'riposte', 'alerts', 'retry', '--config', blockedConfig], io)).toBe(1);
    expect(out.join('\n')).toMatch(/Retried 1 delivery: 0 sent, 1 failed/);
    expect(out.join('\n')).toMatch(/Not every delivery went out/);
    expect(receiver.attempts).toBe(2);

    const listed = capture();
    await main(['node', 'riposte', 'alerts', '--status', 'failed', '--json'], listed.io);
    expect(JSON.parse(listed.out.join(''))).toEqual([expect.objectContaining({ id, status: 'failed' })]);
  });

  it('sends it once when the receiver has recovered, exits 0, and has nothing left to retry after', async () => {
    const { io, out } = capture();
    // --data-dir after the subcommand is the parent's option; with an external table it is unused.
    expect(await main(['node', 'riposte', 'alerts', 'retry', '--config', okConfig, '--data-dir', dir, '--id', id], io)).toBe(0);
    expect(out.join('\n')).toMatch(/Retried 1 delivery: 1 sent, 0 failed/);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ deliveryId: id, signatureValid: true });
    expect(receiver.received[0]!.alert).toMatchObject({ type: 'retaliation', id, event: { id: answer.id } });

    const listed = capture();
    await main(['node', 'riposte', 'alerts', '--json'], listed.io);
    expect(JSON.parse(listed.out.join(''))).toEqual([expect.objectContaining({ id, status: 'sent', lastError: null })]);

    const again = capture();
    expect(await main(['node', 'riposte', 'alerts', 'retry', '--config', okConfig], again.io)).toBe(0);
    expect(again.out.join('')).toMatch(/Nothing to retry/);
    expect(receiver.received).toHaveLength(1);
  });

  it('exits 1 when --id names no failed or pending delivery', async () => {
    const { io, out } = capture();
    expect(await main(['node', 'riposte', 'alerts', 'retry', '--config', okConfig, '--id', 'alt_unknown'], io)).toBe(1);
    expect(out.join('')).toMatch(/No failed or pending delivery of alert alt_unknown/);
  });
});
