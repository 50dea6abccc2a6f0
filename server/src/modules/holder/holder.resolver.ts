import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import { counted } from "../../shared/answer-budget.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ApiKeyFilter } from "../api-key/api-key.filter.js";
import { ApiKeyConnection } from "../api-key/api-key.resolver.js";
import { Collaborator } from "../collaborator/collaborator.entity.js";
import { Holder } from "./holder.entity.js";
import { HolderFilter } from "./holder.filter.js";
import { collaborationsOfHolder, findHolder, findHolderByEmail, keysOfHolder, listHolders } from "./holder.service.js";

export const HolderConnection = ConnectionType("Holder", Holder);

@Resolver(() => Holder)
export class HolderResolver {
  @Authorized(Role.VIEWER)
  @Query(() => HolderConnection, { description: "Users and group emails together, by email." })
  async holders(
    @Arg("filter", () => HolderFilter, { nullable: true }) filter: HolderFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new HolderConnection(await listHolders(ctx, filter ?? {}, page));
  }

  @Authorized(Role.VIEWER)
  @Query(() => Holder, { nullable: true })
  holder(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return findHolder(ctx, id);
  }

  @Authorized(Role.VIEWER)
  @Query(() => Holder, { nullable: true, description: "A holder by email address (case-insensitive)." })
  holderByEmail(@Arg("email") email: string, @Ctx() ctx: RequestContext) {
    return findHolderByEmail(ctx, email);
  }

  @FieldResolver(() => ApiKeyConnection, { description: "The keys this holder holds, newest first." })
  async keys(
    @Root() holder: Holder,
    @Arg("filter", () => ApiKeyFilter, { nullable: true }) filter: ApiKeyFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new ApiKeyConnection(await keysOfHolder(ctx, holder, filter ?? {}, page));
  }

  @FieldResolver(() => [Collaborator], { description: "Every role this holder has on a service." })
  collaborations(@Root() holder: Holder, @Ctx() ctx: RequestContext) {
    return counted(ctx, collaborationsOfHolder(ctx, holder));
  }
}
