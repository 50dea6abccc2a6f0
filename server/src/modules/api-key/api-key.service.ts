import { parseId } from "../../shared/ids.js";
import { type Page, type PageRequest, pageArgs } from "../../shared/pagination.js";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { Holder } from "../holder/holder.entity.js";
import { holderById } from "../holder/holder.loaders.js";
import type { Service } from "../service/service.entity.js";
import { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { billingServicesByHolderId, billingServicesRead, keyPageByHolder } from "./api-key.loaders.js";
import type { ApiKeyOrder } from "./api-key.order.js";
import { ApiKeyRepository, type KeyPageReads, READ_ALL } from "./api-key.repository.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { whereKeyWorks } from "./where-key-works.js";

/**
 * A page of keys matching the filter, in `order` (see `orderOf` for the default). `fields`, the
 * fields the caller reads of each key (all when not given), decides what else the page's one
 * statement reads (`keyPageReads`): each key's holder, and where its working keys work, which
 * primes `worksOn`'s loader.
 */
export async function listApiKeys(
  ctx: RequestContext,
  filter: ApiKeyFilter,
  page: PageRequest,
  order?: ApiKeyOrder | null,
  fields?: ReadonlySet<string>,
): Promise<Page<ApiKey>> {
  const reads = fields ? keyPageReads(fields) : READ_ALL;
  const listed = await new ApiKeyRepository(ctx.em).page(filter, page, ctx.now, order, reads);
  const billing = billingServicesByHolderId(ctx);
  const read = billingServicesRead(ctx);
  for (const [holderId, services] of listed.worksOnByHolder) {
    billing.prime(holderId, services);
    read.set(holderId, services);
  }
  return listed.page;
}

/**
 * What a page of keys whose caller reads `fields` of each key (GraphQL field names) reads with
 * them: the holder for the fields that read it (`holder`, `custody`: `holderOfKey`), the services
 * for `worksOn`. Any other field reads only the key's own columns, or loads what it needs itself.
 */
export function keyPageReads(fields: ReadonlySet<string>): KeyPageReads {
  return { holder: fields.has("holder") || fields.has("custody"), worksOn: fields.has("worksOn") };
}

/** One key by id, or null. */
export function findApiKey(ctx: RequestContext, id: string): Promise<ApiKey | null> {
  return ctx.em.findOne(ApiKey, { id: parseId(id) });
}

/** The key's holder, batched across a page. */
export function holderOfKey(ctx: RequestContext, key: ApiKey): Holder | Promise<Holder> {
  return loadRelation(key.holder, holderById(ctx));
}

/**
 * The two-hop rule: the services a key works on now. A key works on a service exactly when it
 * is active and its holder (the group itself, for a group email) is a BILLING collaborator there.
 */
export function servicesKeyWorksOn(ctx: RequestContext, key: ApiKey): Service[] | Promise<Service[]> {
  // A suspended key is refused everywhere until it is resumed: it works nowhere meanwhile.
  const active = key.statusAt(ctx.now) === ApiKeyStatus.ACTIVE && !key.suspendedAt;
  if (!active) return whereKeyWorks(false, []);
  // Read with the page of keys (the loader holds the same, behind a promise and a batch tick).
  const read = billingServicesRead(ctx).get(key.holder.id);
  if (read) return whereKeyWorks(true, read);
  return billingServicesByHolderId(ctx)
    .load(key.holder.id)
    .then((services) => whereKeyWorks(true, services));
}

/** A page of one holder's keys, batched across a list of holders. */
export function keysOfHolder(ctx: RequestContext, holder: Holder, filter: ApiKeyFilter, page: PageRequest) {
  const { holderId: _ignored, ...rest } = filter;
  return keyPageByHolder(ctx).load({
    holderId: holder.id,
    filter: rest,
    page: pageArgs(page),
  });
}

/** A page of the keys that work on a service now. */
export function keysWorkingOn(
  ctx: RequestContext,
  service: Service,
  filter: ApiKeyFilter,
  page: PageRequest,
  fields?: ReadonlySet<string>,
) {
  return listApiKeys(ctx, { ...filter, worksOnServiceId: service.id }, page, null, fields);
}
