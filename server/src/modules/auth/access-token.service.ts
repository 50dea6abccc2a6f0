import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { canGrantRole, canManageAccountOf, mayMintTokens } from "../../shared/access.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { inputSchema } from "../../shared/input-contract.js";
import { invalidate } from "../../shared/invalidation.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import type { Principal } from "../../shared/principal.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role, roleAtLeast } from "../../shared/role.js";
import { mintChecksummed } from "../../shared/secrets.js";
import { inTransaction } from "../../shared/transaction.js";
import { parseInput } from "../../shared/validation.js";
import { recordAudit } from "../audit/audit.service.js";
import { AUDIT_COLUMNS, auditActorSql, auditReasonSql } from "../audit/audit-sql.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { AccessToken } from "./access-token.entity.js";
import { CreateAccessTokenInput } from "./auth.inputs.js";
import { ACCESS_TOKEN_PREFIX } from "./auth-settings.js";

const DAY_MS = 86_400_000;

const createSchema = inputSchema(CreateAccessTokenInput);

function tokenSnapshot(token: AccessToken): Record<string, unknown> {
  return {
    name: token.name,
    role: token.role,
    prefix: token.prefix,
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** Issues a token for `user` (the caller's own account, or any account from the CLI). */
async function issue(
  ctx: RequestContext,
  em: EntityManager,
  user: User,
  input: CreateAccessTokenInput,
): Promise<{ token: AccessToken; secret: string }> {
  const minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
  const token = em.create(AccessToken, {
    user,
    name: input.name,
    role: input.role,
    prefix: minted.prefix,
    digest: minted.digest,
    createdAt: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + input.expiresInDays * DAY_MS),
  });
  recordAudit(ctx, em, {
    action: "access_token.created",
    subjectType: "AccessToken",
    subjectId: token.id,
    after: tokenSnapshot(token),
  });
  return { token, secret: minted.secret };
}

/**
 * Creates a personal access token for the caller, with a role no higher than their own. The
 * secret is returned once; only its digest is kept.
 *
 * Only a person signed in to the console mints tokens (ADR 0007): an access token cannot create
 * another (SESSION_REQUIRED), so a leaked token cannot outlive its own revocation or expiry
 * through tokens it made, and every token traces back to a sign-in.
 */
export async function createAccessToken(
  ctx: RequestContext,
  principal: Principal,
  input: { name: string; role: Role; expiresInDays: number },
): Promise<{ token: AccessToken; secret: string }> {
  const data = parseInput(createSchema, input);
  if (!mayMintTokens(principal)) {
    throw new DomainError(
      ErrorCode.SESSION_REQUIRED,
      "Access tokens are created while signed in to the console (or with `keyholder token:issue` on the server), not with another token.",
    );
  }
  if (!principal.userId) throw new DomainError(ErrorCode.FORBIDDEN, "Only a person's account can own tokens.");
  if (!canGrantRole(principal, data.role)) {
    throw new DomainError(
      ErrorCode.ROLE_TOO_HIGH,
      `A token cannot have more than your own role (${principal.role}).`,
      "role",
    );
  }
  const userId = principal.userId;
  return inTransaction(ctx, async (em) => issue(ctx, em, await em.findOneOrFail(User, { id: userId }), data));
}

/** Issues a token for any active console user: the operator CLI's `token:issue`. */
export async function issueAccessTokenFor(
  ctx: RequestContext,
  email: string,
  input: { name: string; role?: Role; expiresInDays: number },
): Promise<{ token: AccessToken; secret: string }> {
  const user = await ctx.em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user || user.status !== UserStatus.ACTIVE || !user.consoleRole) {
    throw new DomainError(ErrorCode.USER_NOT_FOUND, `No active console account has the email ${email}.`, "email");
  }
  const data = parseInput(createSchema, { ...input, role: input.role ?? user.consoleRole });
  if (!roleAtLeast(user.consoleRole, data.role)) {
    throw new DomainError(ErrorCode.ROLE_TOO_HIGH, `The account's role is ${user.consoleRole}.`, "role");
  }
  return inTransaction(ctx, async (em) => issue(ctx, em, em.merge(user), data));
}

/** Revokes a token: the owner's own, or anyone's for an ADMIN. Revoking twice changes nothing. */
export async function revokeAccessToken(ctx: RequestContext, principal: Principal, id: string): Promise<AccessToken> {
  const tokenId = parseId(id);
  return inTransaction(ctx, async (em) => {
    // Locked, so a concurrent revocation (another operator, an offboarding of the owner) finishes
    // first and this one sees it: a token is revoked, and recorded as revoked, once.
    const token = await em.findOne(AccessToken, { id: tokenId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!token || !canManageAccountOf(principal, token.user.id)) {
      throw new DomainError(ErrorCode.TOKEN_NOT_FOUND, "No such access token.", "id");
    }
    if (token.revokedAt) return token;
    const before = tokenSnapshot(token);
    token.revokedAt = ctx.now;
    token.revokedBy = principal.userId ? em.getReference(User, principal.userId) : null;
    recordAudit(ctx, em, {
      action: "access_token.revoked",
      subjectType: "AccessToken",
      subjectId: token.id,
      before,
      after: tokenSnapshot(token),
    });
    await invalidate(ctx, em, [`token:${token.id}`]);
    return token;
  });
}

/** An ISO 8601 UTC text of a timestamp column, as `Date.toISOString` writes it (the columns keep milliseconds). */
const isoSql = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Revokes every token of a user not revoked yet (console access removed, or the user departed),
 * in one statement: each gets its `access_token.revoked` event, with the same before and after as
 * `revokeAccessToken` records, so every token's own history shows its end.
 */
export async function revokeAllTokens(
  ctx: RequestContext,
  em: EntityManager,
  userId: string,
  reason: string | null = null,
): Promise<number> {
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  const snapshot = (revokedAt: string) =>
    `jsonb_build_object('name', t.name, 'role', t.role, 'prefix', t.prefix, 'expiresAt', ${isoSql("t.expires_at")},
       'revokedAt', ${revokedAt})`;
  const [row] = await em.execute<{ count: number }[]>(
    `with revoked as (
       update access_token set revoked_at = ?, revoked_by_id = ? where user_id = ? and revoked_at is null
       returning id, name, role, prefix, expires_at, revoked_at
     ),
     audit as (
       insert into audit_event (${AUDIT_COLUMNS})
       select ${actor.sql}, 'access_token.revoked', 'AccessToken', t.id::text, ${snapshot("null")},
              ${snapshot(isoSql("t.revoked_at"))}, ${why.sql}
         from (select * from revoked order by id) t
     )
     select count(*)::int as count from revoked`,
    [ctx.now, ctx.principal?.userId ?? null, userId, ...actor.params, ...why.params],
  );
  await invalidate(ctx, em, [`user:${userId}`]);
  return row?.count ?? 0;
}

/**
 * Tokens, newest first: the caller's own, another user's (ADMIN), or everyone's (`all`, ADMIN).
 * Revoked and expired ones stay listed so the history reads whole.
 */
export async function listAccessTokens(
  ctx: RequestContext,
  principal: Principal,
  options: { userId?: string | null; all?: boolean | null },
  request: PageRequest,
): Promise<Page<AccessToken>> {
  let userId: string | null = null;
  if (options.all) {
    if (principal.role !== Role.ADMIN)
      throw new DomainError(ErrorCode.FORBIDDEN, "Listing everyone's tokens needs ADMIN.");
  } else {
    userId = options.userId ? parseId(options.userId, "userId") : principal.userId;
    if (userId && !canManageAccountOf(principal, userId)) {
      throw new DomainError(ErrorCode.FORBIDDEN, "Another user's tokens are visible to ADMIN only.");
    }
  }
  const keyset = new Keyset("accessTokens", request, false);
  // A principal without a user has no tokens of its own: an empty list, never everyone's.
  if (!options.all && !userId)
    return keyset.page<AccessToken>(
      [],
      (t) => [t.id],
      async () => 0,
    );
  const filtered = () => ctx.em.createQueryBuilder(AccessToken, "t").where(userId ? { user: userId } : {});
  const qb = filtered().select("*").orderBy({ createdAt: keyset.dir, id: keyset.dir }).limit(keyset.limit);
  const after = keyset.cursor(["date", "uuid"]);
  if (after) qb.andWhere(`(t.created_at, t.id) ${keyset.op} (?, ?)`, [new Date(after[0]), after[1]]);
  const tokens = await qb.getResultList();
  await ctx.em.populate(tokens, ["user"]);
  return keyset.page(
    tokens,
    (t) => [t.createdAt.toISOString(), t.id],
    () => filtered().getCount(),
  );
}
