import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import type { PageArgs } from "../../graphql/page.args.js";
import { ByIdQuery, PageQuery } from "../../graphql/queries.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Holder } from "./holder.entity.js";
import { HolderFilter } from "./holder.filter.js";
import { findHolder, findHolderByEmail, listHolders } from "./holder.service.js";

export const HolderConnection = ConnectionType("Holder", Holder);

@Resolver(() => Holder)
export class HolderResolver {
  @PageQuery(HolderConnection, HolderFilter, {
    query: "Users and group emails together, by email.",
    filter: "Conditions the holders must meet; omit for all.",
  })
  holders(filter: HolderFilter, page: PageArgs, ctx: RequestContext) {
    return listHolders(ctx, filter, page);
  }

  @ByIdQuery(Holder, {
    query: "One holder (user or group email) by id; null when there is none.",
    id: "The holder's id.",
  })
  holder(id: string, ctx: RequestContext) {
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
