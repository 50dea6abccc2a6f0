import type { EntityManager } from "@mikro-orm/postgresql";
import type { UsageRecorder } from "../../db/usage-recorder.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { Principal } from "../../shared/principal.js";
import { lowerRole } from "../../shared/role.js";
import { checkChecksummed, sha256Hex } from "../../shared/secrets.js";
import { UserStatus } from "../holder/user/user-status.js";
import { AccessToken } from "./access-token.entity.js";
import { ACCESS_TOKEN_PREFIX, type AuthSettings, TOUCH_INTERVAL_MS } from "./auth-settings.js";
import { Session } from "./session.entity.js";
import type { TokenCache } from "./token-cache.js";

const invalidToken = () =>
  new DomainError(ErrorCode.UNAUTHENTICATED, "The access token is not valid (unknown, revoked or expired).");

/**
 * Resolves bearer access tokens to principals. A hit in the token cache costs no SQL; last use
 * is recorded in batches. A token of a departed user, or of one who lost console access, stops
 * working at once (their invalidation drops the cache entry); its role is capped by the owner's.
 */
export class TokenAuthenticator {
  constructor(
    private readonly cache: TokenCache,
    private readonly usage: UsageRecorder,
  ) {}

  async authenticate(em: EntityManager, token: string, now: Date): Promise<Principal> {
    if (checkChecksummed(token) !== ACCESS_TOKEN_PREFIX) throw invalidToken();
    const digest = sha256Hex(token);
    const cached = this.cache.get(digest, now.getTime());
    if (cached) {
      this.usage.touch(cached.credentialId as string, now.getTime());
      return cached;
    }
    const readAt = this.cache.version();
    const found = await em.findOne(AccessToken, { digest }, { populate: ["user"] });
    const user = found?.user;
    if (
      !found ||
      !user ||
      found.revokedAt ||
      found.expiresAt <= now ||
      user.status !== UserStatus.ACTIVE ||
      !user.consoleRole
    ) {
      throw invalidToken();
    }
    const principal: Principal = {
      userId: user.id,
      email: user.email,
      role: lowerRole(found.role, user.consoleRole),
      credentialKind: "TOKEN",
      credentialId: found.id,
    };
    this.cache.put(digest, principal, found.expiresAt, now.getTime(), readAt);
    this.usage.touch(found.id, now.getTime());
    return principal;
  }
}

/**
 * Resolves a session cookie to its principal, or null when the session is unknown, ended,
 * idle for too long, past its absolute expiry, or its user departed or lost console access.
 */
export async function authenticateSession(
  em: EntityManager,
  token: string,
  now: Date,
  settings: AuthSettings,
): Promise<Principal | null> {
  if (token.length > 100) return null;
  const session = await em.findOne(Session, { digest: sha256Hex(token) }, { populate: ["user"] });
  const user = session?.user;
  if (
    !session ||
    !user ||
    session.endedAt ||
    session.expiresAt <= now ||
    now.getTime() - session.lastSeenAt.getTime() > settings.sessionIdleMs ||
    user.status !== UserStatus.ACTIVE ||
    !user.consoleRole
  ) {
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: now });
  }
  return {
    userId: user.id,
    email: user.email,
    role: user.consoleRole,
    credentialKind: "SESSION",
    credentialId: session.id,
  };
}
