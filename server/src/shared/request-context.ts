import type { EntityManager } from "@mikro-orm/postgresql";
import type { Logger } from "../logger.js";
import type { AuthSettings } from "../modules/auth/auth-settings.js";
import type { Principal } from "../modules/auth/principal.js";
import { createLoaders, type Loaders } from "./loaders.js";

/**
 * Everything a service needs to act for one request (or one CLI command, or one test): its own
 * identity map, batching loaders, a request id for the logs and audit trail, and one clock
 * reading so a whole request sees a single "now".
 */
export interface RequestContext {
  em: EntityManager;
  requestId: string;
  now: Date;
  log: Logger;
  loaders: Loaders;
  /** Who is acting; null for an anonymous caller. */
  principal: Principal | null;
  /** Session lengths for sign-in. */
  authSettings: AuthSettings;
  /** Set or clear the session cookie: only the HTTP layer can, so it lends this in. */
  session?: SessionCookieWriter;
}

/** What a sign-in or sign-out needs from the transport. */
export interface SessionCookieWriter {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

const DEFAULT_AUTH_SETTINGS: AuthSettings = { sessionIdleMs: 30 * 60_000, sessionMaxMs: 12 * 3_600_000 };

/** Creates a request context on a fresh fork of the entity manager. */
export function createRequestContext(
  em: EntityManager,
  requestId: string,
  log: Logger,
  principal: Principal | null = null,
  authSettings: AuthSettings = DEFAULT_AUTH_SETTINGS,
  now = new Date(),
): RequestContext {
  const fork = em.fork({ clear: true, useContext: false });
  return { em: fork, requestId, now, log, loaders: createLoaders(fork), principal, authSettings };
}
