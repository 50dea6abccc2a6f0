/** A rate-limit policy: `limit` requests per `windowSeconds` for each caller. */
export interface RateLimitPolicy {
  /** The policy's name in the `RateLimit-Policy` and `RateLimit` headers. */
  name: string;
  /** Requests allowed per window; 0 turns the policy off. */
  limit: number;
  windowSeconds: number;
}

/** What one request took from a caller's quota. */
export interface RateLimitAnswer {
  allowed: boolean;
  /** Requests left in the current window. */
  remaining: number;
  /** Whole seconds until the window ends and the quota is whole again (at least 1). */
  resetSeconds: number;
}

/**
 * How many callers one limiter tracks at most. Callers beyond it (only ever an attack with a new
 * credential per request, each of which then fails authentication) are let through uncounted
 * rather than held in memory; the sweep frees the entries of windows that ended.
 */
export const MAX_TRACKED_CALLERS = 100_000;

/**
 * A fixed-window counter per caller, in memory: each caller's window starts at its first request
 * and lasts `windowSeconds`; within it the first `limit` requests pass. Counted by each instance
 * alone (behind a load balancer of N instances a caller gets up to N times the quota).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly windowMs: number;

  constructor(readonly policy: RateLimitPolicy) {
    this.windowMs = policy.windowSeconds * 1000;
  }

  /** Counts one request of `caller` at `now` (ms) against the policy. */
  take(caller: string, now: number): RateLimitAnswer {
    const { limit } = this.policy;
    let window = this.windows.get(caller);
    if (!window || now >= window.start + this.windowMs) {
      if (!window && this.windows.size >= MAX_TRACKED_CALLERS) {
        return { allowed: true, remaining: limit - 1, resetSeconds: this.policy.windowSeconds };
      }
      window = { start: now, count: 0 };
      this.windows.set(caller, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    if (window.count >= limit) return { allowed: false, remaining: 0, resetSeconds };
    window.count++;
    return { allowed: true, remaining: limit - window.count, resetSeconds };
  }

  /** Forgets the callers whose window has ended (they start afresh on their next request). */
  sweep(now: number): void {
    for (const [caller, window] of this.windows) {
      if (now >= window.start + this.windowMs) this.windows.delete(caller);
    }
  }

  /** How many callers are tracked now. */
  get size(): number {
    return this.windows.size;
  }
}
