import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alert.js';
import { HttpWebhookSender, alertId } from '../../shared/alert/index.js';
import { storedEvent } from '../helpers/events.js';

const alert: Alert = {
  type: 'retaliation',
  id: alertId('ru-cz', 'desk'),
  event: storedEvent({ evidence: 'Russia expels 20 Czech diplomats.', responds_to: ['cz-ru'] }),
  matches: [],
};

// A loopback receiver that is busy for its first request of each delivery and says when to come back.
describe('webhook delivery against a receiver that answers 429 with Retry-After', () => {
  let server: Server;
  let base: string;
  const arrivals: Array<{ path: string; at: number; delivery: string | undefined }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      arrivals.push({ path: req.url ?? '', at: Date.now(), delivery: req.headers['x-riposte-delivery'] as string | undefined });
      req.resume();
      req.on('end', () => {
        const tries = arrivals.filter((a) => a.path === req.url).length;
        if (req.url === '/busy' && tries === 1) res.writeHead(429, { 'Retry-After': '1' }).end();
        else if (req.url === '/closed') res.writeHead(503, { 'Retry-After': '7200' }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('comes back no sooner than asked, with the same delivery id, and succeeds', async () => {
    const sender = new HttpWebhookSender({ allowPrivate: true, attempts: 3, baseDelayMs: 5, maxDelayMs: 5_000 });

    const result = await sender.send({ url: `${base}/busy`, secret: 's' }, alert);

    expect(result).toMatchObject({ ok: true, attempts: 2, status: 204 });
    const tries = arrivals.filter((a) => a.path === '/busy');
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
    expect(new Set(tries.map((t) => t.delivery))).toEqual(new Set([alert.id]));
  });

  it('records a receiver closed for longer than the longest wait as failed after one request', async () => {
    const sender = new HttpWebhookSender({ allowPrivate: true, attempts: 5, baseDelayMs: 5, maxDelayMs: 5_000 });

    const result = await sender.send({ url: `${base}/closed`, secret: 's' }, alert);

    expect(result).toMatchObject({ ok: false, attempts: 1, status: 503 });
    expect(result.error).toMatch(/asked to wait 7200 s/);
    expect(arrivals.filter((a) => a.path === '/closed')).toHaveLength(1);
  });
});
