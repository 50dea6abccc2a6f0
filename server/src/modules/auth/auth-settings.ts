/** Session and lockout settings, from the configuration. */
export interface AuthSettings {
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** false: email-and-password sign-in is refused (PASSWORD_SIGN_IN_OFF); absent means on. */
  passwordSignIn?: boolean;
  /** The organisation's identity provider, when console users may sign in through it. */
  identityProvider?: { name: string };
}

/** Sessions end after 30 idle minutes and 12 hours at most, unless configured otherwise. */
export const DEFAULT_AUTH_SETTINGS: AuthSettings = { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 };

export const ACCESS_TOKEN_PREFIX = "khp_";
export const SESSION_COOKIE = "kh_session";
/** Last-use timestamps are written at most this often per session or token. */
export const TOUCH_INTERVAL_MS = 60_000;
/** Failed sign-ins allowed before the account locks; each further failure doubles the lock. */
export const FAILURES_BEFORE_LOCK = 5;
export const MAX_LOCK_MS = 60 * 60_000;

/** How long an account stays locked after `failures` consecutive failed sign-ins (0: not locked). */
export function lockDurationMs(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(60_000 * 2 ** (failures - FAILURES_BEFORE_LOCK), MAX_LOCK_MS);
}
