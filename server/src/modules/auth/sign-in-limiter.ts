const WINDOW_MS = 60_000;

/** How many addresses are remembered at most; beyond it the oldest windows are forgotten. */
const MAX_ADDRESSES = 100_000;

/**
 * Counts sign-in attempts per client address in fixed one-minute windows, in this process: an
 * address that has used up its attempts is told how many seconds remain until the next window.
 * Account lockout stops guessing one account's password; this stops one address from trying
 * many accounts (or many passwords) quickly. An IPv6 client is counted by its /64 (one host
 * usually has a whole /64 to pick addresses from), and at most `maxAddresses` windows are kept,
 * so memory stays bounded however many addresses try.
 */
export class SignInLimiter {
  private readonly windows = new Map<string, { startedAt: number; attempts: number }>();
  private prunedAt = 0;

  /**
   * @param perMinute attempts allowed per address per minute; 0 allows any number.
   * @param maxAddresses the most addresses remembered at once.
   */
  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = MAX_ADDRESSES,
  ) {}

  /** How many addresses are being counted now. */
  get size(): number {
    return this.windows.size;
  }

  /** Records an attempt from `address`; null when it may go ahead, else the seconds to wait. */
  attempt(address: string, nowMs: number): number | null {
    if (this.perMinute <= 0) return null;
    const client = clientKey(address);
    let window = this.windows.get(client);
    if (!window || nowMs - window.startedAt >= WINDOW_MS) {
      this.forgetExpired(nowMs);
      // A new window goes to the end of the map's order, so the first entries are the oldest.
      this.windows.delete(client);
      while (this.windows.size >= this.maxAddresses) {
        const oldest = this.windows.keys().next().value;
        if (oldest === undefined) break;
        this.windows.delete(oldest);
      }
      window = { startedAt: nowMs, attempts: 0 };
      this.windows.set(client, window);
    }
    window.attempts++;
    if (window.attempts <= this.perMinute) return null;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - nowMs) / 1000));
  }

  // Once a minute, the windows that have ended are dropped.
  private forgetExpired(nowMs: number): void {
    if (nowMs - this.prunedAt < WINDOW_MS) return;
    this.prunedAt = nowMs;
    for (const [address, window] of this.windows) {
      if (nowMs - window.startedAt >= WINDOW_MS) this.windows.delete(address);
    }
  }
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** What an address is counted as: an IPv4 address as is, an IPv6 one by its /64. */
export function clientKey(address: string): string {
  if (!address.includes(":")) return address;
  const plain = address.replace(/%.*$/, "");
  const mapped = MAPPED_IPV4.exec(plain);
  if (mapped?.[1]) return mapped[1];
  const [head = "", tail] = plain.split("::", 2);
  const groups = (part: string) => (part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : []);
  const first = groups(head);
  const last = tail === undefined ? [] : groups(tail);
  const all = [...first, ...Array(Math.max(0, 8 - first.length - last.length)).fill("0"), ...last];
  return `${all
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(":")}::/64`;
}
