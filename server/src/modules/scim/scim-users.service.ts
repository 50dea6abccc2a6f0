import { LockMode } from "@mikro-orm/core";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { isId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { email as emailSchema } from "../../shared/validation.js";
import { User } from "../holder/user/user.entity.js";
import { createUser, updateUser } from "../holder/user/user.write.js";
import { UserStatus } from "../holder/user/user-status.js";
import { autoCompleteLeaverCase } from "../leaver-case/leaver-case.complete.js";
import type { LeaverCase } from "../leaver-case/leaver-case.entity.js";
import {
  closeLeaverCaseOnReactivation,
  openLeaverCase,
  usersWithOpenCases,
} from "../leaver-case/leaver-case.service.js";
import { ScimError } from "./scim-error.js";
import { parseFilter, parsePage } from "./scim-filter.js";
import { patchOperations } from "./scim-patch.js";
import { listResponse, MAX_PAGE } from "./scim-schemas.js";
import { nameAfter, type UserChange, userChangeOf, userFromResource, userResource } from "./scim-user.js";

/** What the SCIM routes pass along: where resources live, and whether exact cases complete themselves. */
export interface ScimSettings {
  baseUrl: string;
  autoCompleteExact: boolean;
}

const USER_FILTERS = {
  username: "userName",
  "emails.value": "email",
  'emails[type eq "work"].value': "email",
  id: "id",
};

/** The user by its SCIM id (a Keyholder user id), or 404. */
async function findUser(ctx: RequestContext, id: string): Promise<User> {
  const user = isId(id) ? await ctx.em.findOne(User, { id: id.toLowerCase() }) : null;
  if (!user) throw new ScimError(404, `No user ${id}.`);
  return user;
}

async function resource(ctx: RequestContext, user: User, settings: ScimSettings) {
  const leaving = await usersWithOpenCases(ctx.em, [user.id]);
  return userResource(user, leaving.has(user.id), settings.baseUrl);
}

function address(userName: string): string {
  const parsed = emailSchema.safeParse(userName);
  if (!parsed.success) throw new ScimError(400, "userName must be an email address.", "invalidValue");
  return parsed.data;
}

/** GET /Users: a page of users, filtered as identity providers look one up (`userName eq "…"`). */
export async function listScimUsers(
  ctx: RequestContext,
  query: { filter?: string; startIndex?: string; count?: string },
  settings: ScimSettings,
) {
  const filter = parseFilter(query.filter, USER_FILTERS);
  const { startIndex, count } = parsePage(query, MAX_PAGE);
  let where: Record<string, unknown> = {};
  if (filter?.attribute === "id") where = isId(filter.value) ? { id: filter.value.toLowerCase() } : { id: null };
  else if (filter) where = { email: filter.value.trim().toLowerCase() };
  const [users, total] = await ctx.em.findAndCount(User, where, {
    orderBy: { email: "asc" },
    offset: startIndex - 1,
    limit: count,
  });
  const leaving = await usersWithOpenCases(
    ctx.em,
    users.map((u) => u.id),
  );
  return listResponse(
    users.map((u) => userResource(u, leaving.has(u.id), settings.baseUrl)),
    total,
    startIndex,
  );
}

/** GET /Users/:id */
export async function getScimUser(ctx: RequestContext, id: string, settings: ScimSettings) {
  return resource(ctx, await findUser(ctx, id), settings);
}

/**
 * POST /Users: adds a member of staff (audited as the SCIM client). An address already in use
 * answers 409 `uniqueness`, so a retried creation adds no one twice. Created inactive, the user
 * at once has a leaver case.
 */
export async function createScimUser(ctx: RequestContext, body: unknown, settings: ScimSettings) {
  const wanted = userFromResource(body);
  const userName = address(wanted.userName);
  const name = nameAfter(userName.split("@")[0] as string, wanted) ?? userName;
  const created = await createUser(ctx, { email: userName, name: name.trim() || userName });
  if (wanted.active === false) await setActive(ctx, created.id, false, settings);
  ctx.em.clear();
  return resource(ctx, await findUser(ctx, created.id), settings);
}

/** PUT /Users/:id: the user as described (name, email, active). */
export async function replaceScimUser(ctx: RequestContext, id: string, body: unknown, settings: ScimSettings) {
  const wanted = userFromResource(body);
  return applyChange(ctx, await findUser(ctx, id), wanted, settings);
}

/** PATCH /Users/:id */
export async function patchScimUser(ctx: RequestContext, id: string, body: unknown, settings: ScimSettings) {
  const change = userChangeOf(patchOperations(body));
  return applyChange(ctx, await findUser(ctx, id), change, settings);
}

/**
 * DELETE /Users/:id: Keyholder keeps its people (their keys and history outlive them), so a
 * deletion is a deactivation: the user gets a leaver case, and stays visible as inactive.
 */
export async function deleteScimUser(ctx: RequestContext, id: string, settings: ScimSettings): Promise<void> {
  const user = await findUser(ctx, id);
  await setActive(ctx, user.id, false, settings);
}

async function applyChange(ctx: RequestContext, user: User, change: UserChange, settings: ScimSettings) {
  const email = change.userName === undefined ? undefined : address(change.userName);
  const name = nameAfter(user.name, change)?.trim();
  const renames = (email !== undefined && email !== user.email) || (name && name !== user.name);
  if (renames) {
    if (user.status === UserStatus.DEPARTED) {
      throw new ScimError(400, "A departed user cannot be changed.", "mutability");
    }
    await updateUser(ctx, { id: user.id, version: user.version, email, name: name || undefined });
  }
  if (change.active !== undefined) await setActive(ctx, user.id, change.active, settings);
  ctx.em.clear();
  return resource(ctx, await findUser(ctx, user.id), settings);
}

/**
 * Deactivating opens a leaver case (once: a repeated deactivation changes and records nothing);
 * reactivating closes it. A departed user cannot be reactivated. With `autoCompleteExact`, a
 * case just opened whose every key has an exact-match successor is completed at once.
 */
async function setActive(ctx: RequestContext, userId: string, active: boolean, settings: ScimSettings) {
  const opened = await inTransaction(ctx, async (em): Promise<LeaverCase | null> => {
    // The user's row first, as offboarding and membership changes lock it: one order everywhere.
    const user = await em.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.");
    if (!active) return openLeaverCase(ctx, em, user);
    if (user.status === UserStatus.DEPARTED) {
      throw new ScimError(400, `${user.email} has departed and cannot be reactivated.`, "mutability");
    }
    await closeLeaverCaseOnReactivation(ctx, em, user);
    return null;
  });
  if (opened && settings.autoCompleteExact) {
    ctx.em.clear();
    await autoCompleteLeaverCase(ctx, opened);
  }
}
