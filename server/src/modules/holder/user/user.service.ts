import { parseId } from "../../../shared/ids.js";
import { type Page, type PageRequest, pageArgs } from "../../../shared/pagination.js";
import type { RequestContext } from "../../../shared/request-context.js";
import type { GroupEmail } from "../group-email/group-email.entity.js";
import { groupPageByUserId } from "../holder.loaders.js";
import { HolderRepository } from "../holder.repository.js";
import { HolderKind } from "../holder-kind.js";
import { User } from "./user.entity.js";
import type { UserFilter } from "./user.filter.js";

/** A page of users by email. */
export function listUsers(ctx: RequestContext, filter: UserFilter, page: PageRequest): Promise<Page<User>> {
  return new HolderRepository(ctx.em).page<User>({ ...filter, kind: HolderKind.USER }, page);
}

/** One user by id, or null. */
export function findUser(ctx: RequestContext, id: string): Promise<User | null> {
  return ctx.em.findOne(User, { id: parseId(id) });
}

/** A page of the group emails the user is a member of, by email, batched across a list of users. */
export function groupEmailPageOfUser(ctx: RequestContext, user: User, page: PageRequest): Promise<Page<GroupEmail>> {
  return groupPageByUserId(ctx).load({ parentId: user.id, page: pageArgs(page) });
}
