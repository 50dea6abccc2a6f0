import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role, roleAtLeast } from "../../shared/role.js";
import { expectVersion, inTransaction } from "../../shared/transaction.js";
import { recordAudit } from "../audit/audit.service.js";
import { ACTIVE_ADMIN, User } from "../holder/user/user.entity.js";
import { userSnapshot } from "../holder/user/user.snapshot.js";
import { UserStatus } from "../holder/user/user-status.js";
import { revokeAllTokens } from "./access-token.service.js";
import { checkPasswordPolicy, generatePassword, hashPassword } from "./password.js";
import { endSessions } from "./session.service.js";

async function loadActiveUser(em: EntityManager, id: string): Promise<User> {
  const user = await em.findOne(User, { id: parseId(id, "userId") });
  if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
  if (user.status !== UserStatus.ACTIVE) {
    throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot have console access.", "userId");
  }
  return user;
}

/**
 * Grants, changes or removes (role null) a user's console access. Removing it, or lowering it,
 * ends their sessions and revokes their tokens at once. The last ADMIN cannot step down.
 */
export async function setConsoleAccess(
  ctx: RequestContext,
  input: { userId: string; role: Role | null; version: number },
): Promise<User> {
  return inTransaction(ctx, async (em) => {
    const user = await loadActiveUser(em, input.userId);
    expectVersion(user.version, input.version);
    if (user.consoleRole === Role.ADMIN && input.role !== Role.ADMIN && (await isLastAdmin(em, user.id))) {
      throw new DomainError(ErrorCode.FORBIDDEN, "Keyholder needs at least one ADMIN.", "role");
    }
    await changeConsoleRole(ctx, em, user, input.role);
    return user;
  });
}

/**
 * Whether `userId` is an active ADMIN and no other is: what would end their ADMIN role (lowering
 * it, offboarding them) must not leave Keyholder without one. The active ADMINs' rows are locked,
 * in id order, until the caller's transaction ends, so two such changes at once (two ADMINs
 * demoting or offboarding each other, a leaver feed departing both) wait for one another and the
 * second counts after the first's change: a plain count let both through and left none. A caller
 * that locks holder rows before must have locked these in the same statement (the lock order,
 * docs/architecture.md), as an offboarding does; here they are then its already. Read from
 * `holder_active_admin_idx`. A sign-in through the identity provider may still remove the last
 * ADMIN's role: the provider's groups decide there (ADR 0007).
 */
export async function isLastAdmin(em: EntityManager, userId: string): Promise<boolean> {
  if (!em.getTransactionContext()) throw new Error("isLastAdmin locks the active ADMINs: call it in a transaction");
  const [admins] = await em.execute<{ others: number; admin: boolean | null }[]>(
    `with admins as (select id from holder where ${ACTIVE_ADMIN} order by id for update)
     select count(*) filter (where id <> ?::uuid)::int as others, bool_or(id = ?::uuid) as admin from admins`,
    [userId, userId],
  );
  return Boolean(admins?.admin && admins.others === 0);
}

/**
 * Gives a user a console role, or none, in the caller's transaction, audited with `reason`:
 * removing access, or lowering it, ends their sessions and revokes their tokens at once. The one
 * way console access changes, whether an ADMIN sets it or the identity provider's groups do.
 */
export async function changeConsoleRole(
  ctx: RequestContext,
  em: EntityManager,
  user: User,
  role: Role | null,
  reason?: { tokens: string; audit: string },
): Promise<void> {
  const before = userSnapshot(user);
  const lowered = user.consoleRole !== null && (role === null || !roleAtLeast(role, user.consoleRole));
  user.consoleRole = role;
  if (!role) user.passwordHash = null;
  if (lowered) {
    await endSessions(em, user.id, ctx.now, "ACCESS_CHANGED");
    await revokeAllTokens(ctx, em, user.id, reason?.tokens);
  }
  await invalidate(ctx, em, [`user:${user.id}`]);
  recordAudit(ctx, em, {
    action: "user.console_access_changed",
    subjectType: "User",
    subjectId: user.id,
    before,
    after: userSnapshot(user),
    reason: reason?.audit,
  });
}

/**
 * Sets a console password: the given one (checked against the policy) or a generated one,
 * which is returned once. Ends the user's sessions and clears any lockout.
 */
export async function setConsolePassword(
  ctx: RequestContext,
  userId: string,
  password?: string,
): Promise<{ user: User; password: string }> {
  const user = await loadActiveUser(ctx.em, userId);
  if (!user.consoleRole) throw new DomainError(ErrorCode.FORBIDDEN, "Grant console access first.", "userId");
  const chosen = password ?? generatePassword();
  checkPasswordPolicy(chosen, user.email);
  const passwordHash = await hashPassword(chosen);
  await inTransaction(ctx, async (em) => {
    await em.nativeUpdate(User, { id: user.id }, { passwordHash, failedSignIns: 0, lockedUntil: null });
    await endSessions(em, user.id, ctx.now, "PASSWORD_RESET");
    recordAudit(ctx, em, { action: "user.password_reset", subjectType: "User", subjectId: user.id });
  });
  return { user, password: chosen };
}
