import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import { CONNECTION_ITEMS, selectedFields } from "../../graphql/selection.js";
import { counted } from "../../shared/answer-budget.js";
import { pageArgs } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { historyByKeyId, historyPageByKeyId } from "../audit/audit.loaders.js";
import { AuditEventConnection } from "../audit/audit-event.connection.js";
import { Holder } from "../holder/holder.entity.js";
import { holderById } from "../holder/holder.loaders.js";
import { User } from "../holder/user/user.entity.js";
import { Service } from "../service/service.entity.js";
import { ApiKey } from "./api-key.entity.js";
import { ApiKeyFilter } from "./api-key.filter.js";
import { ApiKeyOrder } from "./api-key.order.js";
import { findApiKey, holderOfKey, type KeySelection, listApiKeys, servicesKeyWorksOn } from "./api-key.service.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { CustodyPeriod, custodyOf } from "./custody.js";

export const ApiKeyConnection = ConnectionType("ApiKey", ApiKey);

/** What the operation selects of the keys of the connection being resolved, their holders and services. */
export function keySelectionOf(info: GraphQLResolveInfo): KeySelection {
  const below = (field: string) => CONNECTION_ITEMS.map((path) => [...path, field]);
  return {
    key: selectedFields(info, CONNECTION_ITEMS),
    holder: selectedFields(info, below("holder")),
    worksOn: selectedFields(info, below("worksOn")),
  };
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(Role.VIEWER)
  @Query(() => ApiKeyConnection, {
    description:
      "API keys in `orderBy`; by default newest first, or soonest expiring first when filtered by `expiresWithinDays`.",
  })
  async apiKeys(
    @Arg("filter", () => ApiKeyFilter, {
      nullable: true,
      description: "Conditions the keys must meet; omit for all keys.",
    })
    filter: ApiKeyFilter | null,
    @Arg("orderBy", () => ApiKeyOrder, { nullable: true, description: "The order; by default newest first." })
    orderBy: ApiKeyOrder | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ApiKeyConnection(await listApiKeys(ctx, filter ?? {}, page, orderBy, keySelectionOf(info)));
  }

  @Authorized(Role.VIEWER)
  @Query(() => ApiKey, { nullable: true, description: "One key by id; null when there is none." })
  apiKey(@Arg("id", () => ID, { description: "The key's id." }) id: string, @Ctx() ctx: RequestContext) {
    return findApiKey(ctx, id);
  }

  @FieldResolver(() => Holder, { description: "The one holder of this key." })
  holder(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    return holderOfKey(ctx, key);
  }

  @FieldResolver(() => ApiKeyStatus, {
    description: "ACTIVE, EXPIRED or REVOKED as of this request (revocation wins over expiry).",
  })
  status(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    return key.statusAt(ctx.now);
  }

  @FieldResolver(() => [Service], {
    description: "Services this key works on now: it is active and its holder is a BILLING collaborator there.",
  })
  worksOn(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    return counted(ctx, servicesKeyWorksOn(ctx, key));
  }

  @FieldResolver(() => AuditEventConnection, {
    description:
      "Everything that happened to this key, newest first: creation, rotations (old and new prefix), revocation…",
  })
  async history(@Root() key: ApiKey, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: RequestContext) {
    return new AuditEventConnection(await historyPageByKeyId(ctx).load({ keyId: key.id, page: pageArgs(page) }));
  }

  @FieldResolver(() => [CustodyPeriod], { description: "Every holder this key has had, oldest first." })
  async custody(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    const holder = await holderOfKey(ctx, key);
    return counted(ctx, custodyOf(key.createdAt, holder, await historyByKeyId(ctx).load(key.id)));
  }

  @FieldResolver(() => User, {
    nullable: true,
    description:
      "The account that revoked the key; null if not revoked, or revoked by the system or a deleted account.",
  })
  async revokedBy(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    return key.revokedBy ? holderById(ctx).load(key.revokedBy.id) : null;
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: "The account that issued the key; null for imported keys or an account since deleted.",
  })
  async createdBy(@Root() key: ApiKey, @Ctx() ctx: RequestContext) {
    return key.createdBy ? holderById(ctx).load(key.createdBy.id) : null;
  }
}
