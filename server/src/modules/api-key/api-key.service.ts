import { parseId } from "../../shared/ids.js";
import { type Page, type PageRequest, pageArgs } from "../../shared/pagination.js";
import { loadRelation } from "../../shared/relations.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { Holder } from "../holder/holder.entity.js";
import { holderById } from "../holder/holder.loaders.js";
import { HOLDER_BRIEF_FIELDS } from "../holder/holder.read-model.js";
import type { Service } from "../service/service.entity.js";
import { SERVICE_BRIEF_FIELDS } from "../service/service.loaders.js";
import { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { billingServicesByHolderId, keyPageByHolder, worksOnOfListedKey } from "./api-key.loaders.js";
import type { ApiKeyOrder } from "./api-key.order.js";
import { ApiKeyRepository, type Columns, KEY_BRIEF_FIELDS, type KeyPageReads, READ_ALL } from "./api-key.repository.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { whereKeyWorks } from "./where-key-works.js";

/**
 * The GraphQL fields (names, not aliases) a caller selects of each key of a page, and, when
 * known, of the keys' holders and of the services they work on (unknown: every field).
 */
export interface KeySelection {
  key: ReadonlySet<string>;
  holder?: ReadonlySet<string>;
  worksOn?: ReadonlySet<string>;
}

/**
 * A page of keys matching the filter, in `order` (see `orderOf` for the default). `selection`,
 * what the caller reads of each key (everything when not given), decides what the page's one
 * statement reads (`keyPageReads`): which columns, each key's holder, and where its working keys
 * work, which `worksOn` then answers from.
 */
export async function listApiKeys(
  ctx: RequestContext,
  filter: ApiKeyFilter,
  page: PageRequest,
  order?: ApiKeyOrder | null,
  selection?: KeySelection,
): Promise<Page<ApiKey>> {
  const reads = selection ? keyPageReads(selection) : READ_ALL;
  const listed = await new ApiKeyRepository(ctx.em).page(filter, page, ctx.now, order, reads);
  const worksOn = worksOnOfListedKey(ctx);
  for (const key of listed.page.nodes) {
    const services = listed.worksOnByHolder.get(key.holder.id);
    if (services) worksOn.set(key, services);
  }
  // Whole services answer any other question about the holders' services in this request; brief
  // ones answer only these keys' `worksOn`.
  if (reads.worksOn === "all") {
    const billing = billingServicesByHolderId(ctx);
    for (const [holderId, services] of listed.worksOnByHolder) billing.prime(holderId, services);
  }
  return listed.page;
}

/**
 * What a page of keys reads for a caller who selects `selection`: the key's brief columns when
 * every field asked of it is one of `KEY_BRIEF_FIELDS`, else all; the holder for the fields that
 * read it (`holder`, and `custody`, which reads all of it), brief when only `HOLDER_BRIEF_FIELDS`
 * are asked of it; the services for `worksOn`, brief likewise. Any other field reads only the
 * key's own columns, or loads what it needs itself.
 */
export function keyPageReads(selection: KeySelection): KeyPageReads {
  const { key } = selection;
  const columns = (fields: ReadonlySet<string> | undefined, brief: ReadonlySet<string>): Columns =>
    fields && [...fields].every((field) => brief.has(field)) ? "brief" : "all";
  const holder = key.has("custody")
    ? "all"
    : key.has("holder")
      ? columns(selection.holder, HOLDER_BRIEF_FIELDS)
      : false;
  return {
    key: columns(key, KEY_BRIEF_FIELDS),
    holder,
    worksOn: key.has("worksOn") ? columns(selection.worksOn, SERVICE_BRIEF_FIELDS) : false,
  };
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
  // Read with the page of keys (the loader may hold the same, behind a promise and a batch tick).
  const read = worksOnOfListedKey(ctx).get(key);
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
  selection?: KeySelection,
) {
  return listApiKeys(ctx, { ...filter, worksOnServiceId: service.id }, page, null, selection);
}
