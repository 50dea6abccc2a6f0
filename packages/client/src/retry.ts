/** How the client retries requests that are safe to send again. */
export interface RetryOptions {
  /** Further attempts after the first; 0 turns retrying off. Default 3. */
  retries?: number;
  /** Upper bound of the first back-off delay; each further one doubles. Default 250 ms. */
  minDelayMs?: number;
  /** The longest back-off delay, also the cap on a server's `Retry-After` for a 5xx. Default 5000 ms. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` of a 429 (rate limited) that is waited out before asking again; a
   * longer one fails at once with RATE_LIMITED. Default 60000 ms.
   */
  maxRateLimitWaitMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 3,
  minDelayMs: 250,
  maxDelayMs: 5000,
  maxRateLimitWaitMs: 60_000,
};

/**
 * How long to wait after a 429 before asking again: the server's `Retry-After` (seconds, or an
 * HTTP date), or null when it is missing, unreadable or longer than `maxRateLimitWaitMs`.
 */
export function rateLimitWait(
  retryAfter: string | null,
  policy: Required<RetryOptions>,
  now = Date.now(),
): number | null {
  if (!retryAfter) return null;
  const seconds = Number(retryAfter);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
  if (!Number.isFinite(ms) || ms < 0 || ms > policy.maxRateLimitWaitMs) return null;
  return ms;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential back-off with
 * full jitter, so that many clients failing together do not come back together. A server's
 * `Retry-After` (in seconds) is honoured up to `maxDelayMs`.
 */
export function backoffDelay(
  attempt: number,
  policy: Required<RetryOptions>,
  retryAfter?: string | null,
  random = Math.random,
): number {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
