import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import { PageArgs } from "../../graphql/page.args.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Holder } from "../holder/holder.entity.js";
import { Service } from "../service/service.entity.js";
import { ApiKeyFilter } from "./api-key.filter.js";
import { ApiKeyConnection, keySelectionOf } from "./api-key.resolver.js";
import { keysOfHolder, keysWorkingOn } from "./api-key.service.js";

/** The keys a holder holds: the api-key module's field on Holder. */
@Resolver(() => Holder)
export class HolderKeysResolver {
  @FieldResolver(() => ApiKeyConnection, { description: "The keys this holder holds, newest first." })
  async keys(
    @Root() holder: Holder,
    @Arg("filter", () => ApiKeyFilter, {
      nullable: true,
      description: "Conditions the keys must meet; omit for all this holder's keys.",
    })
    filter: ApiKeyFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new ApiKeyConnection(await keysOfHolder(ctx, holder, filter ?? {}, page));
  }
}

/** The keys that work on a service: the api-key module's field on Service. */
@Resolver(() => Service)
export class ServiceKeysResolver {
  @FieldResolver(() => ApiKeyConnection, {
    description: "Keys that work on this service now: active, held by a BILLING collaborator here.",
  })
  async workingKeys(
    @Root() service: Service,
    @Arg("filter", () => ApiKeyFilter, {
      nullable: true,
      description: "Conditions the keys must meet; omit for all keys working here.",
    })
    filter: ApiKeyFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ApiKeyConnection(await keysWorkingOn(ctx, service, filter ?? {}, page, keySelectionOf(info)));
  }
}
