/** How often and how patiently a delivery is tried. */
export interface RetryPolicy {
  /** Tries in all, the first included (at least 1). */
  attempts: number;
  /** The first backoff ceiling; each next one doubles. */
  baseDelayMs: number;
  /** No backoff ceiling exceeds this. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: before try n+1 (n ≥ 1) wait a uniform random time in
 * [0, min(max, base · 2^(n-1))), so that many failing deliveries do not retry in step.
 */
export function backoffDelay(afterAttempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, afterAttempt - 1));
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface AttemptOutcome {
  ok: boolean;
  /** Tries made. */
  attempts: number;
  /** `code: message` of the last failure; null on success. */
  error: string | null;
}

/**
 * Runs `attempt` until it succeeds, fails for good (`retryable` false) or runs out of tries.
 * Never throws: the outcome says how it ended.
 */
export async function withRetries(
  attempt: () => Promise<void>,
  options: {
    policy: RetryPolicy;
    describe: (error: unknown) => string;
    retryable?: (error: unknown) => boolean;
    /**
     * The wait the other side asked for after this failure (a Retry-After), in ms, or null.
     * It is honoured when it fits the policy's longest wait; a longer one ends the tries for this run.
     */
    requestedDelay?: (error: unknown) => number | null;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
  },
): Promise<AttemptOutcome> {
  const tries = Math.max(1, Math.floor(options.policy.attempts));
  const wait = options.sleep ?? sleep;
  let error: string | null = null;
  for (let n = 1; n <= tries; n++) {
    try {
      await attempt();
      return { ok: true, attempts: n, error: null };
    } catch (cause) {
      error = options.describe(cause);
      if (options.retryable && !options.retryable(cause)) return { ok: false, attempts: n, error };
      if (n >= tries) break;
      const requested = options.requestedDelay?.(cause) ?? null;
      if (requested !== null && requested > options.policy.maxDelayMs) {
        return { ok: false, attempts: n, error: `${error} (asked to wait ${Math.ceil(requested / 1000)} s; not before then)` };
      }
      await wait(Math.max(requested ?? 0, backoffDelay(n, options.policy, options.random)));
    }
  }
  return { ok: false, attempts: tries, error };
}
