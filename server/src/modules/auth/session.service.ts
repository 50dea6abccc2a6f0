import type { EntityManager } from "@mikro-orm/postgresql";
import { normaliseEmail } from "../../shared/email.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { CredentialKind, Principal } from "../../shared/principal.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { Role } from "../../shared/role.js";
import { randomToken, sha256Hex } from "../../shared/secrets.js";
import { inTransaction } from "../../shared/transaction.js";
import { recordAudit } from "../audit/audit.service.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { type AuthSettings, lockDurationMs } from "./auth-settings.js";
import { checkPasswordPolicy, decoyHash, hashPassword, verifyPassword } from "./password.js";
import { Session } from "./session.entity.js";

const invalidCredentials = () => new DomainError(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password.");

/** The signing-in user as the actor of their own sign-in events. */
function actorOf(user: User, role: Role, credentialKind: CredentialKind, sessionId: string | null): Principal {
  return { userId: user.id, email: user.email, role, credentialKind, credentialId: sessionId };
}

/** Ends every open session of a user, e.g. on a password change or when they depart. */
export async function endSessions(
  em: EntityManager,
  userId: string,
  now: Date,
  reason: string,
  exceptId?: string,
): Promise<number> {
  return em.nativeUpdate(
    Session,
    { user: userId, endedAt: null, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    { endedAt: now, endReason: reason },
  );
}

/**
 * Signs a console user in with email and password and opens a session. A refusal does the same
 * work whatever its reason (one lookup, one argon2 verification — of a decoy hash with the same
 * parameters when there is no usable account — and one failure count), so its time says nothing
 * about which accounts exist. Consecutive failures lock the account for a growing time (1, 2, 4
 * … 60 minutes after the fifth), recorded in the audit trail. Before any of that, the caller's
 * address may have used up its attempts for the minute (RATE_LIMITED).
 */
export async function signIn(
  ctx: RequestContext,
  input: { email: string; password: string },
  settings: AuthSettings,
): Promise<{ user: User; token: string; expiresAt: Date }> {
  if (settings.passwordSignIn === false) {
    throw new DomainError(ErrorCode.PASSWORD_SIGN_IN_OFF, "Sign in through your organisation's identity provider.");
  }
  const wait = ctx.signInThrottle?.attempt();
  if (wait) {
    throw new DomainError(
      ErrorCode.RATE_LIMITED,
      `Too many sign-in attempts from your address; try again in ${wait} second(s).`,
    );
  }
  const email = normaliseEmail(input.email);
  const found = await ctx.em.findOne(User, { email }, { populate: ["passwordHash"] });
  const user = found?.passwordHash && found.consoleRole && found.status === UserStatus.ACTIVE ? found : null;
  const matches = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
  if (user?.lockedUntil && user.lockedUntil > ctx.now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - ctx.now.getTime()) / 60_000);
    throw new DomainError(
      ErrorCode.ACCOUNT_LOCKED,
      `Too many failed sign-ins; try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
    );
  }
  if (!user || !matches) {
    if (await countFailure(ctx, user)) {
      throw new DomainError(ErrorCode.ACCOUNT_LOCKED, "Too many failed sign-ins; the account is locked for a while.");
    }
    throw invalidCredentials();
  }
  const role = user.consoleRole as Role;
  const { token, expiresAt } = await inTransaction(ctx, async (em) => {
    await em.execute("update holder set failed_sign_ins = 0, locked_until = null where id = ?", [user.id]);
    return openSession(ctx, em, user, role, settings);
  });
  ctx.session?.set(token, expiresAt);
  return { user, token, expiresAt };
}

/**
 * Opens a session for `user` in the caller's transaction and records `auth.signed_in` (with
 * `after`, e.g. how they signed in). The caller sets the cookie once the transaction commits.
 */
export function openSession(
  ctx: RequestContext,
  em: EntityManager,
  user: User,
  role: Role,
  settings: AuthSettings,
  after?: Record<string, unknown>,
): { token: string; expiresAt: Date } {
  const token = randomToken();
  const expiresAt = new Date(ctx.now.getTime() + settings.sessionMaxMs);
  const session = em.create(Session, {
    user,
    digest: sha256Hex(token),
    createdAt: ctx.now,
    lastSeenAt: ctx.now,
    expiresAt,
  });
  recordAudit(ctx, em, {
    action: "auth.signed_in",
    subjectType: "User",
    subjectId: user.id,
    after: after ?? null,
    actor: actorOf(user, role, "SESSION", session.id),
  });
  return { token, expiresAt };
}

/** No row has this id: an unknown account's failure is counted against it, with the same SQL. */
const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

/**
 * Counts a failed sign-in against the account (against no row when there is none) and locks it
 * once the failures reach the threshold; true when this failure locked it.
 */
async function countFailure(ctx: RequestContext, user: User | null): Promise<boolean> {
  // Sign-in bookkeeping is written with plain SQL: it is not an edit of the user, so it must not
  // move the optimistic-lock version (nativeUpdate would), or an admin's edit would conflict.
  return inTransaction(ctx, async (em) => {
    const rows = await em.execute<{ failed_sign_ins: number }[]>(
      "update holder set failed_sign_ins = coalesce(failed_sign_ins, 0) + 1 where id = ? returning failed_sign_ins",
      [user?.id ?? NO_ACCOUNT],
    );
    const failures = rows[0]?.failed_sign_ins;
    const lockMs = user && failures ? lockDurationMs(failures) : 0;
    if (!user?.consoleRole || !lockMs) return false;
    const lockedUntil = new Date(ctx.now.getTime() + lockMs);
    await em.execute("update holder set locked_until = ? where id = ?", [lockedUntil, user.id]);
    recordAudit(ctx, em, {
      action: "auth.account_locked",
      subjectType: "User",
      subjectId: user.id,
      after: { failedSignIns: failures, lockedUntil: lockedUntil.toISOString() },
      actor: actorOf(user, user.consoleRole, "SYSTEM", null),
    });
    return true;
  });
}

/** Ends the caller's session (a no-op for token callers) and clears the cookie. */
export async function signOut(ctx: RequestContext): Promise<boolean> {
  const principal = ctx.principal;
  ctx.session?.clear();
  if (principal?.credentialKind !== "SESSION" || !principal.credentialId || !principal.userId) return false;
  const { credentialId, userId } = principal;
  await inTransaction(ctx, async (em) => {
    await em.nativeUpdate(Session, { id: credentialId, endedAt: null }, { endedAt: ctx.now, endReason: "SIGNED_OUT" });
    recordAudit(ctx, em, { action: "auth.signed_out", subjectType: "User", subjectId: userId });
  });
  return true;
}

/** Changes the caller's own password; every other session of theirs ends. */
export async function changePassword(
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<User> {
  const principal = ctx.principal;
  if (!principal?.userId) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Only a signed-in account has a password.");
  const user = await ctx.em.findOneOrFail(User, { id: principal.userId }, { populate: ["passwordHash"] });
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError(ErrorCode.INVALID_CREDENTIALS, "The current password is wrong.", "currentPassword");
  }
  checkPasswordPolicy(input.newPassword, user.email, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (em) => {
    await em.nativeUpdate(User, { id: user.id }, { passwordHash });
    const current = principal.credentialKind === "SESSION" ? (principal.credentialId ?? undefined) : undefined;
    await endSessions(em, user.id, ctx.now, "PASSWORD_CHANGED", current);
    recordAudit(ctx, em, { action: "auth.password_changed", subjectType: "User", subjectId: user.id });
  });
  return user;
}
