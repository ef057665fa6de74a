import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/domain/alert.js';
import { RiposteError } from '../../shared/domain/errors.js';
import { storedEvent } from '../helpers/events.js';
import {
  HttpWebhookSender,
  alertId,
  backoffDelay,
  signBody,
  verifySignature,
  type WebhookRequest,
} from '../../shared/alert/index.js';

const alert: Alert = {
  type: 'retaliation',
  id: alertId('ru-us', 'ops'),
  event: storedEvent({ evidence: 'Russia expels 60 US diplomats.', responds_to: ['us-ru'] }),
  matches: [],
};

describe('alertId', () => {
  it('is stable for one (event, subscriber) and differs across either', () => {
    expect(alertId('ru-us', 'ops')).toBe(alertId('ru-us', 'ops'));
    expect(alertId('ru-us', 'ops')).not.toBe(alertId('ru-us', 'desk'));
    expect(alertId('ru-us', 'ops')).not.toBe(alertId('ru-us2', 'ops'));
    // The separator keeps ("a", "bc") and ("ab", "c") apart.
    expect(alertId('a', 'bc')).not.toBe(alertId('ab', 'c'));
    expect(alertId('ru-us', 'ops')).toMatch(/^alt_[0-9a-f]{32}$/);
  });
});

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body keyed with the secret', () => {
    const body = '{"type":"retaliation"}';
    const expected = createHmac('sha256', 's3cret').update(body).digest('hex');

    expect(signBody(body, 's3cret')).toBe(`sha256=${expected}`);
    expect(verifySignature(body, 's3cret', `sha256=${expected}`)).toBe(true);
    expect(verifySignature(body, 'other', `sha256=${expected}`)).toBe(false);
    expect(verifySignature(`${body} `, 's3cret', `sha256=${expected}`)).toBe(false);
    expect(verifySignature(body, 's3cret', undefined)).toBe(false);
  });
});

describe('backoffDelay', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('draws from [0, base·2^(n-1)) capped at the maximum (full jitter)', () => {
    expect(backoffDelay(1, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(399);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });
});

describe('HttpWebhookSender', () => {
  function recorder(answers: Array<number | Error | { status: number; headers: Record<string, string> }>) {
    const calls: Array<{ url: string; headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean }> = [];
    const request: WebhookRequest = async (url, options) => {
      calls.push({ url, headers: options.headers, body: options.body, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivate });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return typeof answer === 'number' ? { status: answer } : answer;
    };
    return { calls, request };
  }
  const fast = { baseDelayMs: 1, maxDelayMs: 2 };

  it('posts the alert as JSON with the delivery id, a valid signature and a user agent', async () => {
    const { calls, request } = recorder([204]);
    const sender = new HttpWebhookSender({ request, ...fast, allowPrivate: true, timeoutMs: 1234 });

    const result = await sender.send({ url: 'http://127.0.0.1:9/hook', secret: 'k' }, alert);

    expect(result).toEqual({ ok: true, attempts: 1, error: null, status: 204 });
    const [call] = calls;
    expect(JSON.parse(call!.body)).toEqual(alert);
    expect(call!.headers['Content-Type']).toBe('application/json');
    expect(call!.headers['X-Riposte-Delivery']).toBe(alert.id);
    expect(verifySignature(call!.body, 'k', call!.headers['X-Riposte-Signature'])).toBe(true);
    expect(call!.headers['User-Agent']).toMatch(/Riposte/);
    expect(call!.timeoutMs).toBe(1234);
    expect(call!.allowPrivate).toBe(true);
  });

  it('retries non-2xx answers and timeouts with the same delivery id, then succeeds', async () => {
    const { calls, request } = recorder([500, new RiposteError('timeout', 'no answer in 10 s'), 200]);
    const result = await new HttpWebhookSender({ request, attempts: 5, ...fast }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(3);
    expect(new Set(calls.map((c) => c.headers['X-Riposte-Delivery']))).toEqual(new Set([alert.id]));
  });

  it('gives up after the configured tries with a result, not a throw', async () => {
    const { calls, request } = recorder([503]);
    const result = await new HttpWebhookSender({ request, attempts: 3, ...fast }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(result).toEqual({ ok: false, attempts: 3, status: 503, error: 'delivery_failed: webhook answered HTTP 503' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry an address the SSRF guard refuses', async () => {
    const { calls, request } = recorder([new RiposteError('blocked_address', '10.0.0.1 is private')]);
    const result = await new HttpWebhookSender({ request, attempts: 5, ...fast }).send({ url: 'http://10.0.0.1/', secret: 'k' }, alert);

    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^blocked_address/);
    expect(calls).toHaveLength(1);
  });

  it('waits with growing, jittered delays between tries', async () => {
    const { request } = recorder([500]);
    const waits: number[] = [];
    await new HttpWebhookSender({
      request,
      attempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(waits).toEqual([50, 100, 200]);
  });

  it('waits at least as long as a 429 or 503 Retry-After asks, when that fits the longest wait', async () => {
    const { calls, request } = recorder([{ status: 429, headers: { 'retry-after': '3' } }, { status: 503, headers: { 'retry-after': '1' } }, 200]);
    const waits: number[] = [];
    const result = await new HttpWebhookSender({
      request,
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(result).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(calls).toHaveLength(3);
    // Asked for 3 s and 1 s; the jittered backoff alone would have been 50 and 100 ms.
    expect(waits).toEqual([3_000, 1_000]);
  });

  it('stops this run at once when Retry-After asks for longer than the longest wait, saying so', async () => {
    const { calls, request } = recorder([{ status: 503, headers: { 'retry-after': '3600' } }, 200]);
    const waits: number[] = [];
    const result = await new HttpWebhookSender({
      request,
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 60_000,
      sleep: async (ms) => void waits.push(ms),
    }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(result).toEqual({ ok: false, attempts: 1, status: 503, error: 'delivery_failed: webhook answered HTTP 503 (asked to wait 3600 s; not before then)' });
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('ignores a Retry-After on other statuses and an unreadable one', async () => {
    const { request } = recorder([{ status: 500, headers: { 'retry-after': '3600' } }, { status: 429, headers: { 'retry-after': 'soon' } }, 200]);
    const waits: number[] = [];
    const result = await new HttpWebhookSender({
      request,
      attempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 10_000,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    }).send({ url: 'https://h.example/x', secret: 'k' }, alert);

    expect(result.ok).toBe(true);
    expect(waits).toEqual([50, 100]);
  });
});
