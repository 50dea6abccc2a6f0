import { parseId } from "../../../shared/ids.js";
import type { Page, PageRequest } from "../../../shared/pagination.js";
import type { RequestContext } from "../../../shared/request-context.js";
import type { GroupEmail } from "../group-email/group-email.entity.js";
import { groupsByUserId } from "../holder.loaders.js";
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

/** The group emails the user is a member of, by email. */
export function groupEmailsOfUser(ctx: RequestContext, user: User): Promise<GroupEmail[]> {
  return groupsByUserId(ctx).load(user.id);
}
