import { parseId } from "../../shared/ids.js";
import type { PageRequest } from "../../shared/pagination.js";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { Holder } from "../holder/holder.entity.js";
import type { Service } from "../service/service.entity.js";
import { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import type { ApiKeyOrder } from "./api-key.order.js";
import { ApiKeyRepository } from "./api-key.repository.js";
import { ApiKeyStatus } from "./api-key-status.js";

/** A page of keys matching the filter, in `order` (see `orderOf` for the default). */
export function listApiKeys(ctx: RequestContext, filter: ApiKeyFilter, page: PageRequest, order?: ApiKeyOrder | null) {
  return new ApiKeyRepository(ctx.em).page(filter, page, ctx.now, order);
}

/** One key by id, or null. */
export function findApiKey(ctx: RequestContext, id: string): Promise<ApiKey | null> {
  return ctx.em.findOne(ApiKey, { id: parseId(id) });
}

/** The key's holder, batched across a page. */
export function holderOfKey(ctx: RequestContext, key: ApiKey): Promise<Holder> {
  return loadRelation(key.holder, ctx.loaders.holderById);
}

/**
 * The two-hop rule: the services a key works on now. A key works on a service exactly when it
 * is active and its holder (the group itself, for a group email) is a BILLING collaborator there.
 */
export async function servicesKeyWorksOn(ctx: RequestContext, key: ApiKey): Promise<Service[]> {
  if (key.statusAt(ctx.now) !== ApiKeyStatus.ACTIVE) return [];
  return ctx.loaders.billingServicesByHolderId.load(key.holder.id);
}
