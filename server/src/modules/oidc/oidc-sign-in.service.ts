import { createHash } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { invalidate } from "../../shared/invalidation.js";
import type { Principal } from "../../shared/principal.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { recordAudit } from "../audit/audit.service.js";
import type { AuthSettings } from "../auth/auth-settings.js";
import { changeConsoleRole } from "../auth/console-access.service.js";
import { openSession } from "../auth/session.service.js";
import { Holder, holderTypeName } from "../holder/holder.entity.js";
import { HolderKind } from "../holder/holder-kind.js";
import { User } from "../holder/user/user.entity.js";
import { userSnapshot } from "../holder/user/user.snapshot.js";
import { UserStatus } from "../holder/user/user-status.js";
import { type Identity, roleOf } from "./oidc.claims.js";
import type { OidcSettings } from "./oidc.settings.js";
import { OidcIdentity } from "./oidc-identity.entity.js";

/** A session opened through the identity provider; the caller sets its cookie. */
export interface OidcSession {
  user: User;
  token: string;
  expiresAt: Date;
}

/**
 * Signs in a person the identity provider has authenticated. Their console role comes from the
 * role claim (the highest mapped value wins) and is written to the account at every sign-in, so
 * the provider's groups are the source of truth; an account is created on first sign-in. The
 * account, the session and their audit events are one transaction. Refused, with an audited
 * `auth.sign_in_refused` and no session: no verified email (IDENTITY_INCOMPLETE), no mapped
 * group (NO_CONSOLE_ROLE), a departed user (USER_DEPARTED), an address that is a group email
 * (EMAIL_TAKEN), an account already signed in to by another of the provider's subjects (EMAIL_TAKEN:
 * the address was handed to someone else, or asserted by someone who is not its owner). The
 * account's subject is kept at its first sign-in (`oidc_identity`). Someone the provider's role claim puts in none of the mapped groups also loses the console
 * access their account had (sessions ended, tokens revoked, password cleared), as a lowered role is
 * lowered: otherwise removing a person from every group would leave them more than demoting them.
 */
export async function signInWithIdentity(
  ctx: RequestContext,
  identity: Identity,
  settings: Pick<OidcSettings, "roleMap" | "issuer">,
  authSettings: AuthSettings,
  retried = false,
): Promise<OidcSession> {
  const role = roleOf(identity.groups, settings.roleMap);
  const email = identity.email;
  if (!email) {
    return refuse(ctx, identity, null, ErrorCode.IDENTITY_INCOMPLETE, "Your identity provider sent no verified email.");
  }
  const holder = await ctx.em.findOne(Holder, { email });
  if (holder && holder.kind !== HolderKind.USER) {
    return refuse(ctx, identity, holder, ErrorCode.EMAIL_TAKEN, "That address is a group email, not a person.");
  }
  const existing = holder as User | null;
  if (existing?.status === UserStatus.DEPARTED) {
    return refuse(ctx, identity, existing, ErrorCode.USER_DEPARTED, "This account belongs to someone who has left.");
  }
  const issuer = settings.issuer.href;
  const linked = existing ? await ctx.em.findOne(OidcIdentity, { issuer, user: existing.id }) : null;
  if (linked && linked.subject !== identity.subject) {
    return refuse(
      ctx,
      identity,
      existing,
      ErrorCode.EMAIL_TAKEN,
      "That address belongs to someone else who signs in through your identity provider.",
    );
  }
  if (!role) {
    return refuse(
      ctx,
      identity,
      existing,
      ErrorCode.NO_CONSOLE_ROLE,
      "Your account is in none of the groups that may use Keyholder. Ask an administrator.",
      // Only when the provider did send the claim (without it, it said nothing about the groups),
      // and for the account's own subject: nobody else's groups take an account's access away.
      { removeAccess: identity.roleClaimSent === true && linked !== null },
    );
  }
  // The person acting on their own account, as the account's events record them.
  const actor = (user: User): Principal => ({
    userId: user.id,
    email: user.email,
    role,
    credentialKind: "SESSION",
    credentialId: null,
  });
  // The account is this subject's from now on (a subject that moved to another address leaves its old account).
  const link = async (em: RequestContext["em"], user: User) => {
    if (linked) return;
    await em.execute("delete from oidc_identity where issuer = ? and subject = ? and user_id <> ?", [
      issuer,
      identity.subject,
      user.id,
    ]);
    em.create(OidcIdentity, { issuer, subject: identity.subject, user, linkedAt: ctx.now });
  };
  const opened = inTransaction(ctx, async (em) => {
    const user = existing ? await em.findOneOrFail(User, { id: existing.id }) : null;
    if (!user) {
      const created = em.create(User, {
        email,
        name: identity.name ?? email.split("@")[0] ?? email,
        status: UserStatus.ACTIVE,
        consoleRole: role,
      });
      recordAudit(ctx, em, {
        action: "user.created",
        subjectType: "User",
        subjectId: created.id,
        after: userSnapshot(created),
        reason: "first sign-in through the identity provider",
        actor: actor(created),
      });
      await link(em, created);
      return { user: created, ...openSession(ctx, em, created, role, authSettings, { method: "OIDC" }) };
    }
    const before = userSnapshot(user);
    const roleChanged = user.consoleRole !== role;
    user.consoleRole = role;
    if (identity.name) user.name = identity.name;
    if (roleChanged) await invalidate(ctx, em, [`user:${user.id}`]);
    if (roleChanged || before.name !== user.name) {
      recordAudit(ctx, em, {
        action: roleChanged ? "user.console_access_changed" : "user.updated",
        subjectType: "User",
        subjectId: user.id,
        before,
        after: userSnapshot(user),
        reason: "signed in through the identity provider",
        actor: actor(user),
      });
    }
    await link(em, user);
    // A successful sign-in ends a password lockout, as a password sign-in does.
    await em.execute("update holder set failed_sign_ins = 0, locked_until = null where id = ?", [user.id]);
    return { user, ...openSession(ctx, em, user, role, authSettings, { method: "OIDC" }) };
  });
  try {
    return await opened;
  } catch (error) {
    // Two first sign-ins of one person at once (two tabs): the other one created the account
    // between our lookup and our insert. Sign in to that account instead.
    if (existing || retried || !(error instanceof DomainError) || error.code !== ErrorCode.EMAIL_TAKEN) throw error;
    return signInWithIdentity(ctx, identity, settings, authSettings, true);
  }
}

/**
 * Records the refusal and throws it. With `removeAccess`, an account that has console access loses
 * it in the same transaction (the provider's groups no longer grant any role).
 */
async function refuse(
  ctx: RequestContext,
  identity: Identity,
  holder: Holder | null,
  code: ErrorCode,
  message: string,
  options: { removeAccess?: boolean } = {},
): Promise<never> {
  await inTransaction(ctx, async (em) => {
    if (options.removeAccess && holder?.kind === HolderKind.USER) await removeConsoleAccess(ctx, em, holder.id);
    recordAudit(ctx, em, {
      action: "auth.sign_in_refused",
      // Someone Keyholder does not know is named by the provider's subject (at most 64 characters).
      subjectType: holder ? holderTypeName(holder) : "Identity",
      subjectId: holder?.id ?? subjectKey(identity.subject),
      after: { method: "OIDC", code, email: identity.email, groups: identity.groups.slice(0, 50) },
    });
  });
  throw new DomainError(code, message);
}

/** Takes console access away from a user the provider's groups no longer grant any role, as `setConsoleAccess` does. */
async function removeConsoleAccess(ctx: RequestContext, em: RequestContext["em"], userId: string): Promise<void> {
  const user = await em.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!user?.consoleRole) return;
  await changeConsoleRole(ctx, em, user, null, {
    tokens: "in none of the identity provider's mapped groups",
    audit: "in none of the identity provider's mapped groups at sign-in",
  });
}

/** The subject as an audit subject id: as is when short enough, else a digest of it. */
function subjectKey(subject: string): string {
  return subject && subject.length <= 64 ? subject : createHash("sha256").update(subject).digest("hex");
}
