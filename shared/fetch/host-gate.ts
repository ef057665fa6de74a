import { RateLimitedError } from '../domain/errors.js';

export interface HostGateOptions {
  /** Requests in flight at once to one host (default 2). */
  perHost?: number;
  /** Least time between the starts of two requests to one host (default 500 ms). */
  delayMs?: number;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PER_HOST = 2;
export const DEFAULT_POLITENESS_DELAY_MS = 500;

interface HostSlot {
  active: number;
  lastStart: number;
  waiting: Array<() => void>;
  pausedUntil: number;
  pausedBy: RateLimitedError | null;
}

/**
 * Network politeness for one cycle, in front of the one HTTP client: at most `perHost` requests
 * in flight per host name, their starts at least `delayMs` apart, and a host that answered
 * "rate limited" is not asked again before its Retry-After (the request fails at once with the
 * same `rate_limited` reason). Loopback names (localhost, 127.0.0.0/8, ::1) get no delay: the
 * delay spares other people's servers, and loopback is only reachable in local testing.
 * @example const gate = new HostGate(); await gate.run(url, () => fetchResource(url));
 */
export class HostGate {
  private readonly perHost: number;
  private readonly delayMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly hosts = new Map<string, HostSlot>();

  constructor(options: HostGateOptions = {}) {
    this.perHost = Math.max(1, Math.floor(options.perHost ?? DEFAULT_PER_HOST));
    this.delayMs = Math.max(0, options.delayMs ?? DEFAULT_POLITENESS_DELAY_MS);
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Runs `request` when the host of `url` may be asked; a RateLimitedError it throws pauses the host. */
  async run<T>(url: string, request: () => Promise<T>): Promise<T> {
    const host = hostOf(url);
    const slot = this.slot(host);
    while (slot.active >= this.perHost) await new Promise<void>((resolve) => slot.waiting.push(resolve));
    slot.active++;
    try {
      const delay = isLoopbackName(host) ? 0 : this.delayMs;
      // Checked and taken in one synchronous step after each wake-up, so two callers woken
      // together (or late, behind a busy event loop) still start `delay` apart.
      for (let wait = slot.lastStart + delay - this.clock(); wait > 0; wait = slot.lastStart + delay - this.clock()) {
        await this.sleep(wait);
      }
      slot.lastStart = this.clock();
      if (slot.pausedBy && this.clock() < slot.pausedUntil) {
        throw new RateLimitedError(`retry after ${new Date(slot.pausedUntil).toISOString()} (${host} asked to wait; not requested)`, new Date(slot.pausedUntil));
      }
      try {
        return await request();
      } catch (error) {
        if (error instanceof RateLimitedError) this.pause(host, error);
        throw error;
      }
    } finally {
      slot.active--;
      slot.waiting.shift()?.();
    }
  }

  /** Until when (ms since the epoch) the host of `url` asked not to be requested; 0 when it did not. */
  pausedUntil(url: string): number {
    const slot = this.hosts.get(hostOf(url));
    return slot && slot.pausedUntil > this.clock() ? slot.pausedUntil : 0;
  }

  private pause(host: string, error: RateLimitedError): void {
    const slot = this.slot(host);
    if (error.retryAt.getTime() > slot.pausedUntil) {
      slot.pausedUntil = error.retryAt.getTime();
      slot.pausedBy = error;
    }
  }

  private slot(host: string): HostSlot {
    let slot = this.hosts.get(host);
    if (!slot) {
      slot = { active: 0, lastStart: Number.NEGATIVE_INFINITY, waiting: [], pausedUntil: 0, pausedBy: null };
      this.hosts.set(host, slot);
    }
    return slot;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url; // a bad URL fails in the client with its own reason; it still gets a slot
  }
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
