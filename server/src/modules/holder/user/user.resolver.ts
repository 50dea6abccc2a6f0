import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { EntityQueries } from "../../../graphql/entity-queries.js";
import { PageArgs } from "../../../graphql/page.args.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { GroupEmailConnection } from "../group-email/group-email.connection.js";
import { UserConnection } from "./user.connection.js";
import { User } from "./user.entity.js";
import { UserFilter } from "./user.filter.js";
import { findUser, groupEmailPageOfUser, listUsers } from "./user.service.js";

@Resolver(() => User)
export class UserResolver extends EntityQueries(User, UserConnection, UserFilter, {
  list: { name: "users", description: "Members of staff, by email.", run: listUsers },
  byId: {
    name: "user",
    description: "One user by id; null when there is none (or the id is a group email's).",
    run: findUser,
  },
}) {
  @FieldResolver(() => Role, { nullable: true, description: "The console role, when this person may sign in." })
  consoleRole(@Root() user: User) {
    return user.consoleRole;
  }

  @Authorized(Role.ADMIN)
  @FieldResolver(() => Date, {
    nullable: true,
    description: "Until when sign-in is locked after failed attempts (ADMIN).",
  })
  lockedUntil(@Root() user: User) {
    return user.lockedUntil;
  }

  @FieldResolver(() => GroupEmailConnection, { description: "The group emails this user is a member of, by email." })
  async groupEmails(@Root() user: User, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new GroupEmailConnection(await groupEmailPageOfUser(ctx, user, page));
  }
}
