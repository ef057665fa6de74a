import type { Alert } from '../domain/alert.js';
import { RiposteError, describeError } from '../domain/errors.js';
import { httpRequest, retryAfterDate } from '../fetch/index.js';
import { withRetries, type AttemptOutcome, type RetryPolicy } from './retry.js';
import { signBody } from './signature.js';

export const WEBHOOK_USER_AGENT = 'Riposte-Webhook/0.1 (+retaliation alerts)';
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Where and how one subscriber receives webhooks (the `webhook` of its config). */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookResult extends AttemptOutcome {
  /** The HTTP status of the last answer; null when none came (timeout, refused address). */
  status: number | null;
}

/** Delivers one alert to one webhook, retries included. Never throws: the result says how it went. */
export interface WebhookSender {
  send(target: WebhookTarget, alert: Alert): Promise<WebhookResult>;
}

/** The subset of the shared HTTP client a webhook needs; injectable for tests of the retry logic. */
export type WebhookRequest = (
  url: string,
  options: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    allowPrivate: boolean;
    maxRedirects: number;
  },
) => Promise<{ status: number; headers?: Record<string, string | string[] | undefined> }>;

/** A receiver that answered 429 or 503 with a Retry-After: how long it asked us to wait. */
class WebhookRefused extends RiposteError {
  constructor(
    status: number,
    readonly waitMs: number | null,
  ) {
    super('delivery_failed', `webhook answered HTTP ${status}`);
  }
}

export interface WebhookOptions extends Partial<RetryPolicy> {
  /** Per try (default 10 s). */
  timeoutMs?: number;
  /** Permit loopback and private addresses (config `network.allowPrivate`; local testing only). */
  allowPrivate?: boolean;
  userAgent?: string;
  request?: WebhookRequest;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Failures that another try cannot fix: the address is refused or malformed. */
const PERMANENT = new Set(['blocked_address', 'bad_url']);

/**
 * Webhook delivery over the project's SSRF-guarded HTTP client: `POST` of the alert as JSON,
 * signed with the subscriber's secret, the alert id in `X-Riposte-Delivery` on every try.
 * A non-2xx answer or a timeout is retried with exponential backoff and full jitter; a 429 or 503
 * with a Retry-After is not tried again before it, and one asking for longer than the policy's
 * longest wait ends this run's tries (the delivery is kept as failed for `riposte alerts retry`).
 * Redirects are not followed: a webhook that moved is a failure to fix in the config.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly allowPrivate: boolean;
  private readonly userAgent: string;
  private readonly request: WebhookRequest;
  private readonly options: WebhookOptions;

  constructor(options: WebhookOptions = {}) {
    this.options = options;
    this.policy = {
      attempts: options.attempts ?? DEFAULT_WEBHOOK_RETRY.attempts,
      baseDelayMs: options.baseDelayMs ?? DEFAULT_WEBHOOK_RETRY.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_WEBHOOK_RETRY.maxDelayMs,
    };
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.allowPrivate = options.allowPrivate ?? false;
    this.userAgent = options.userAgent ?? WEBHOOK_USER_AGENT;
    this.request = options.request ?? postWithSharedClient;
  }

  async send(target: WebhookTarget, alert: Alert): Promise<WebhookResult> {
    const body = JSON.stringify(alert);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': this.userAgent,
      'X-Riposte-Delivery': alert.id,
      'X-Riposte-Signature': signBody(body, target.secret),
    };
    let status: number | null = null;
    const outcome = await withRetries(
      async () => {
        status = null;
        const response = await this.request(target.url, {
          method: 'POST',
          headers,
          body,
          timeoutMs: this.timeoutMs,
          allowPrivate: this.allowPrivate,
          maxRedirects: 0,
        });
        status = response.status;
        if (response.status < 200 || response.status > 299) {
          const header = response.headers?.['retry-after'];
          const now = new Date();
          const retryAt = response.status === 429 || response.status === 503 ? retryAfterDate(Array.isArray(header) ? header[0] : header, now) : null;
          throw new WebhookRefused(response.status, retryAt ? retryAt.getTime() - now.getTime() : null);
        }
      },
      {
        policy: this.policy,
        describe: describeError,
        retryable: (error) => !(error instanceof RiposteError && PERMANENT.has(error.code)),
        requestedDelay: (error) => (error instanceof WebhookRefused ? error.waitMs : null),
        sleep: this.options.sleep,
        random: this.options.random,
      },
    );
    return { ...outcome, status };
  }
}

/** A receiver's answer body is not read for anything; cap it small. */
const RESPONSE_MAX_BYTES = 64 * 1024;

const postWithSharedClient: WebhookRequest = async (url, options) => {
  const response = await httpRequest(url, { ...options, maxBytes: RESPONSE_MAX_BYTES });
  return response.notModified ? { status: 304 } : { status: response.status, headers: response.headers };
};

export function createWebhookSender(options: WebhookOptions = {}): WebhookSender {
  return new HttpWebhookSender(options);
}
