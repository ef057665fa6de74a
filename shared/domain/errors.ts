/**
 * Errors carry a stable code (for records, logs and tests) and a cause (for logs).
 * A user sees `message`; nothing here holds a stack trace meant for a client.
 */
export type ErrorCode =
  // configuration
  | 'config_invalid'
  | 'config_unreadable'
  // network
  | 'blocked_address'
  | 'dns_failed'
  | 'connect_failed'
  | 'timeout'
  | 'http_status'
  /** 429 or 503 with a Retry-After: the server asked us to come back later. */
  | 'rate_limited'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_url'
  // feeds and pages
  | 'not_a_feed'
  | 'feed_malformed'
  | 'decode_failed'
  | 'page_unreadable'
  // store
  | 'store_unavailable'
  | 'java_missing'
  // alerts
  | 'delivery_failed';

export class RiposteError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RiposteError';
    this.code = code;
  }
}

/** The server answered 429 or 503 with a Retry-After: not before `retryAt`. */
export class RateLimitedError extends RiposteError {
  readonly retryAt: Date;
  constructor(message: string, retryAt: Date) {
    super('rate_limited', message);
    this.name = 'RateLimitedError';
    this.retryAt = retryAt;
  }
}

/** A one-line, user-facing reason for any thrown value: `code: message` for our errors. */
export function describeError(error: unknown): string {
  if (error instanceof RiposteError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
