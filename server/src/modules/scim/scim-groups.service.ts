import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { isId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { email as emailSchema } from "../../shared/validation.js";
import { type AuditEntry, recordAuditMany } from "../audit/audit.service.js";
import { GroupEmail } from "../holder/group-email/group-email.entity.js";
import { createGroupEmail, updateGroupEmail } from "../holder/group-email/group-email.write.js";
import { GroupMembership } from "../holder/group-email/group-membership.entity.js";
import { ScimError } from "./scim-error.js";
import { parseFilter, parsePage } from "./scim-filter.js";
import { type GroupChange, groupChangeOf, groupFromResource, groupResource } from "./scim-group.js";
import { patchOperations } from "./scim-patch.js";
import { listResponse, MAX_PAGE, SCIM } from "./scim-schemas.js";
import type { ScimSettings } from "./scim-users.service.js";

const GROUP_FILTERS = { displayname: "displayName", id: "id" };

/** Members of these groups (id and email), by group, in one statement. */
async function membersOf(em: EntityManager, groupIds: string[]): Promise<Map<string, { id: string; email: string }[]>> {
  const members = new Map<string, { id: string; email: string }[]>(groupIds.map((id) => [id, []]));
  if (!groupIds.length) return members;
  const rows = await em.execute<{ group_id: string; id: string; email: string }[]>(
    `select m.group_id, u.id, u.email from group_membership m join holder u on u.id = m.user_id
      where m.group_id = any(?::uuid[]) order by u.email`,
    [`{${groupIds.join(",")}}`],
  );
  for (const row of rows) members.get(row.group_id)?.push({ id: row.id, email: row.email });
  return members;
}

async function findGroup(ctx: RequestContext, id: string): Promise<GroupEmail> {
  const group = isId(id) ? await ctx.em.findOne(GroupEmail, { id: id.toLowerCase() }) : null;
  if (!group) throw new ScimError(404, `No group ${id}.`);
  return group;
}

/** `excludedAttributes=members`, as Entra asks when it only checks that a group exists. */
function wantsMembers(query: { excludedAttributes?: string; attributes?: string }): boolean {
  const listed = (text?: string) =>
    (text ?? "")
      .toLowerCase()
      .split(",")
      .map((s) => s.trim());
  if (listed(query.excludedAttributes).includes("members")) return false;
  if (query.attributes && !listed(query.attributes).includes("members")) return false;
  return true;
}

async function resource(ctx: RequestContext, group: GroupEmail, settings: ScimSettings, members = true) {
  const all = members ? await membersOf(ctx.em, [group.id]) : null;
  return groupResource(group, all?.get(group.id) ?? null, settings.baseUrl);
}

/** GET /Groups, filtered by `displayName eq "…"` (the group's name or its address). */
export async function listScimGroups(
  ctx: RequestContext,
  query: { filter?: string; startIndex?: string; count?: string; excludedAttributes?: string; attributes?: string },
  settings: ScimSettings,
) {
  const filter = parseFilter(query.filter, GROUP_FILTERS);
  const { startIndex, count } = parsePage(query, MAX_PAGE);
  let where: Record<string, unknown> = {};
  if (filter?.attribute === "id") where = isId(filter.value) ? { id: filter.value.toLowerCase() } : { id: null };
  else if (filter) where = { $or: [{ name: filter.value }, { email: filter.value.trim().toLowerCase() }] };
  const [groups, total] = await ctx.em.findAndCount(GroupEmail, where, {
    orderBy: { email: "asc" },
    offset: startIndex - 1,
    limit: count,
  });
  const members = wantsMembers(query)
    ? await membersOf(
        ctx.em,
        groups.map((g) => g.id),
      )
    : null;
  return listResponse(
    groups.map((g) => groupResource(g, members?.get(g.id) ?? null, settings.baseUrl)),
    total,
    startIndex,
  );
}

/** GET /Groups/:id */
export async function getScimGroup(
  ctx: RequestContext,
  id: string,
  query: { excludedAttributes?: string; attributes?: string },
  settings: ScimSettings,
) {
  return resource(ctx, await findGroup(ctx, id), settings, wantsMembers(query));
}

/** The group email's address: the displayName when it is one, else Keyholder's extension `email`. */
function addressOf(displayName: string, email?: string): string {
  const given = email ?? (displayName.includes("@") ? displayName : undefined);
  if (given === undefined) {
    throw new ScimError(
      400,
      `displayName is not an email address: send the group email's address as displayName, or in ${SCIM.keyholderGroup}:email.`,
      "invalidValue",
    );
  }
  const parsed = emailSchema.safeParse(given);
  if (!parsed.success) throw new ScimError(400, "The group's email address is not valid.", "invalidValue");
  return parsed.data;
}

/** POST /Groups: a new group email with its members (409 `uniqueness` when the address is in use). */
export async function createScimGroup(ctx: RequestContext, body: unknown, settings: ScimSettings) {
  const wanted = groupFromResource(body);
  const email = addressOf(wanted.displayName, wanted.email);
  checkIds(wanted.members);
  // The group commits on its own: refuse members that cannot join before it, so a refused
  // creation leaves no group behind (which a retried POST would then meet as a 409).
  await usersThatMayJoin(ctx.em, wanted.members);
  const group = await createGroupEmail(ctx, { email, name: wanted.displayName.trim() });
  if (wanted.members.length) {
    await changeMembers(ctx, group.id, { replaceMembers: wanted.members, add: [], remove: [], removeAll: false });
  }
  ctx.em.clear();
  return resource(ctx, await findGroup(ctx, group.id), settings);
}

/** PUT /Groups/:id: the name and exactly the members given. */
export async function replaceScimGroup(ctx: RequestContext, id: string, body: unknown, settings: ScimSettings) {
  const wanted = groupFromResource(body);
  const group = await findGroup(ctx, id);
  return applyChange(
    ctx,
    group,
    {
      displayName: wanted.displayName,
      replaceMembers: wanted.members,
      add: [],
      remove: [],
      removeAll: false,
    },
    settings,
    wanted.email,
  );
}

/** PATCH /Groups/:id: rename, add and remove members. Answers 204, as Entra and Okta accept. */
export async function patchScimGroup(ctx: RequestContext, id: string, body: unknown, settings: ScimSettings) {
  const change = groupChangeOf(patchOperations(body));
  await applyChange(ctx, await findGroup(ctx, id), change, settings);
}

/**
 * DELETE /Groups/:id: the identity provider stops managing the group. Its members are removed
 * (audited); the group email itself stays, as it may hold keys that must keep working.
 */
export async function deleteScimGroup(ctx: RequestContext, id: string): Promise<void> {
  const group = await findGroup(ctx, id);
  await changeMembers(ctx, group.id, { add: [], remove: [], removeAll: true });
}

async function applyChange(
  ctx: RequestContext,
  group: GroupEmail,
  change: GroupChange,
  settings: ScimSettings,
  email?: string,
) {
  checkIds([...(change.replaceMembers ?? []), ...change.add, ...change.remove]);
  const name = change.displayName?.trim();
  if (name !== undefined && name !== group.name) {
    // The rename commits on its own: refuse members that cannot join before it, not after.
    await usersThatMayJoin(ctx.em, [...(change.replaceMembers ?? []), ...change.add]);
    const address = email ?? (name.includes("@") ? addressOf(name) : undefined);
    await updateGroupEmail(ctx, { id: group.id, version: group.version, name, email: address });
  }
  await changeMembers(ctx, group.id, change);
  ctx.em.clear();
  return resource(ctx, await findGroup(ctx, group.id), settings);
}

function checkIds(ids: string[]): void {
  const bad = ids.find((id) => !isId(id));
  if (bad !== undefined) throw new ScimError(400, `Member ${bad} is not a user id.`, "invalidValue");
}

/**
 * The users these ids name, by id, in one statement (locked FOR SHARE when `lock`); 400
 * `invalidValue` when one is not a user or has departed.
 */
async function usersThatMayJoin(em: EntityManager, ids: string[], lock = false) {
  const named = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  const users = named.length
    ? await em.execute<{ id: string; email: string; kind: string; status: string | null }[]>(
        `select id, email, kind, status from holder where id = any(?::uuid[]) order by id${lock ? " for share" : ""}`,
        [`{${named.join(",")}}`],
      )
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const id of named) {
    const user = byId.get(id);
    if (user?.kind !== "USER") throw new ScimError(400, `No user ${id} to add as a member.`, "invalidValue");
    if (user.status !== "ACTIVE") {
      throw new ScimError(400, `${user.email} has departed and cannot join a group email.`, "invalidValue");
    }
  }
  return byId;
}

/**
 * Adds and removes members in one transaction, each change audited as the membership mutations
 * audit it. Adding a member already there, or removing one who is not, changes and records
 * nothing, so a retried PATCH is harmless. Every added member must be an active user.
 */
async function changeMembers(ctx: RequestContext, groupId: string, change: Omit<GroupChange, "displayName">) {
  const named = [...new Set([...(change.replaceMembers ?? []), ...change.add].map((id) => id.toLowerCase()))].sort();
  await inTransaction(ctx, async (em) => {
    // The users before the group, as membership changes lock them (group-email.write.ts).
    const byId = await usersThatMayJoin(em, named, true);
    const group = await em.findOne(GroupEmail, { id: groupId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!group) throw new ScimError(404, `No group ${groupId}.`);
    const current = new Map((await membersOf(em, [groupId])).get(groupId)?.map((m) => [m.id, m.email]));
    const target = new Set(
      change.replaceMembers?.map((id) => id.toLowerCase()) ?? (change.removeAll ? [] : current.keys()),
    );
    for (const id of change.add) target.add(id.toLowerCase());
    for (const id of change.remove) target.delete(id.toLowerCase());
    const added = [...target].filter((id) => !current.has(id));
    const removed = [...current.keys()].filter((id) => !target.has(id));
    if (!added.length && !removed.length) return;
    for (const id of added) em.create(GroupMembership, { group, user: id, createdAt: ctx.now });
    if (removed.length) await em.nativeDelete(GroupMembership, { group: groupId, user: { $in: removed } });
    group.updatedAt = ctx.now;
    const entries: AuditEntry[] = [
      ...added.map((id) => ({ action: "group_email.member_added", member: byId.get(id)?.email as string })),
      ...removed.map((id) => ({ action: "group_email.member_removed", member: current.get(id) as string })),
    ].map(({ action, member }) => ({ action, subjectType: "GroupEmail", subjectId: groupId, after: { member } }));
    await recordAuditMany(ctx, em, entries);
  });
}
