import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { EntityQueries } from "../../graphql/entity-queries.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Holder } from "./holder.entity.js";
import { HolderFilter } from "./holder.filter.js";
import { findHolder, findHolderByEmail, listHolders } from "./holder.service.js";

export const HolderConnection = ConnectionType("Holder", Holder);

@Resolver(() => Holder)
export class HolderResolver extends EntityQueries(Holder, HolderConnection, HolderFilter, {
  list: { name: "holders", description: "Users and group emails together, by email.", run: listHolders },
  byId: {
    name: "holder",
    description: "One holder (user or group email) by id; null when there is none.",
    run: findHolder,
  },
}) {
  @Authorized(Role.VIEWER)
  @Query(() => Holder, { nullable: true, description: "A holder by email address (case-insensitive)." })
  holderByEmail(
    @Arg("email", { description: "The email, in any case; it is compared lower-cased and trimmed." }) email: string,
    @Ctx() ctx: RequestContext,
  ) {
    return findHolderByEmail(ctx, email);
  }
}
