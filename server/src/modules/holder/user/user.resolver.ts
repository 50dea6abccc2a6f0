import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../../graphql/page.args.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { Role } from "../../../shared/role.js";
import { GroupEmailConnection } from "../group-email/group-email.connection.js";
import { UserConnection } from "./user.connection.js";
import { User } from "./user.entity.js";
import { UserFilter } from "./user.filter.js";
import { findUser, groupEmailPageOfUser, listUsers } from "./user.service.js";

@Resolver(() => User)
export class UserResolver {
  @Authorized(Role.VIEWER)
  @Query(() => UserConnection, { description: "Members of staff, by email." })
  async users(
    @Arg("filter", () => UserFilter, { nullable: true, description: "Conditions the users must meet; omit for all." })
    filter: UserFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new UserConnection(await listUsers(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => User, {
    nullable: true,
    description: "One user by id; null when there is none (or the id is a group email's).",
  })
  user(@Arg("id", () => ID, { description: "The user's id." }) id: string, @Ctx() ctx: RequestContext) {
    return findUser(ctx, id);
  }

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
