const WINDOW_MS = 60_000;

/**
 * Counts sign-in attempts per client address in fixed one-minute windows, in this process: an
 * address that has used up its attempts is told how many seconds remain until the next window.
 * Account lockout stops guessing one account's password; this stops one address from trying
 * many accounts (or many passwords) quickly.
 */
export class SignInLimiter {
  private readonly windows = new Map<string, { startedAt: number; attempts: number }>();
  private prunedAt = 0;

  /** @param perMinute attempts allowed per address per minute; 0 allows any number. */
  constructor(private readonly perMinute: number) {}

  /** Records an attempt from `address`; null when it may go ahead, else the seconds to wait. */
  attempt(address: string, nowMs: number): number | null {
    if (this.perMinute <= 0) return null;
    let window = this.windows.get(address);
    if (!window || nowMs - window.startedAt >= WINDOW_MS) {
      this.forgetExpired(nowMs);
      window = { startedAt: nowMs, attempts: 0 };
      this.windows.set(address, window);
    }
    window.attempts++;
    if (window.attempts <= this.perMinute) return null;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - nowMs) / 1000));
  }

  // Bounded memory: once a minute, the windows that have ended are dropped.
  private forgetExpired(nowMs: number): void {
    if (nowMs - this.prunedAt < WINDOW_MS) return;
    this.prunedAt = nowMs;
    for (const [address, window] of this.windows) {
      if (nowMs - window.startedAt >= WINDOW_MS) this.windows.delete(address);
    }
  }
}
