import { parseId } from "../../../shared/ids.js";
import { type PageRequest, pageArgs } from "../../../shared/pagination.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { memberPageByGroupId, membersByGroupId } from "../holder.loaders.js";
import { HolderRepository } from "../holder.repository.js";
import { HolderKind } from "../holder-kind.js";
import type { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { GroupEmail, HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "./group-email.entity.js";
import type { GroupEmailFilter } from "./group-email.filter.js";

/** A page of group emails by email. */
export function listGroupEmails(ctx: RequestContext, filter: GroupEmailFilter, page: PageRequest) {
  return new HolderRepository(ctx.em).page<GroupEmail>({ ...filter, kind: HolderKind.GROUP }, page);
}

/** One group email by id, or null. */
export function findGroupEmail(ctx: RequestContext, id: string): Promise<GroupEmail | null> {
  return ctx.em.findOne(GroupEmail, { id: parseId(id) });
}

/** The group's members, by email. */
export function membersOfGroup(ctx: RequestContext, group: GroupEmail): Promise<User[]> {
  return membersByGroupId(ctx).load(group.id);
}

/** A page of the group's members, by email, batched across a list of groups. */
export function memberPage(ctx: RequestContext, group: GroupEmail, page: PageRequest) {
  return memberPageByGroupId(ctx).load({ parentId: group.id, page: pageArgs(page) });
}

/** How many members have not departed. */
export async function activeMemberCount(ctx: RequestContext, group: GroupEmail): Promise<number> {
  const members = await membersOfGroup(ctx, group);
  return members.filter((m) => m.status === UserStatus.ACTIVE).length;
}

/** A group survives one person leaving when it has at least two active members. */
export async function isGroupHealthy(ctx: RequestContext, group: GroupEmail): Promise<boolean> {
  return (await activeMemberCount(ctx, group)) >= HEALTHY_GROUP_MIN_ACTIVE_MEMBERS;
}
