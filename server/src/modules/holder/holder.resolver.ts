import { Arg, Args, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Holder } from "./holder.entity.js";
import { HolderFilter } from "./holder.filter.js";
import { findHolder, findHolderByEmail, listHolders } from "./holder.service.js";

export const HolderConnection = ConnectionType("Holder", Holder);

@Resolver(() => Holder)
export class HolderResolver {
  @Authorized(Role.VIEWER)
  @Query(() => HolderConnection, { description: "Users and group emails together, by email." })
  async holders(
    @Arg("filter", () => HolderFilter, {
      nullable: true,
      description: "Conditions the holders must meet; omit for all.",
    })
    filter: HolderFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new HolderConnection(await listHolders(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => Holder, {
    nullable: true,
    description: "One holder (user or group email) by id; null when there is none.",
  })
  holder(@Arg("id", () => ID, { description: "The holder's id." }) id: string, @Ctx() ctx: RequestContext) {
    return findHolder(ctx, id);
  }

  @Authorized(Role.VIEWER)
  @Query(() => Holder, { nullable: true, description: "A holder by email address (case-insensitive)." })
  holderByEmail(
    @Arg("email", { description: "The email, in any case; it is compared lower-cased and trimmed." }) email: string,
    @Ctx() ctx: RequestContext,
  ) {
    return findHolderByEmail(ctx, email);
  }
}
