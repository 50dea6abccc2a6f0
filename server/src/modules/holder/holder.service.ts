import { normaliseEmail } from "../../shared/email.js";
import { parseId } from "../../shared/ids.js";
import type { PageRequest } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { ApiKeyFilter } from "../api-key/api-key.filter.js";
import type { Collaborator } from "../collaborator/collaborator.entity.js";
import { Holder } from "./holder.entity.js";
import type { HolderFilter } from "./holder.filter.js";
import { HolderRepository } from "./holder.repository.js";

/** A page of holders (users and group emails) by email. */
export function listHolders(ctx: RequestContext, filter: HolderFilter, page: PageRequest) {
  return new HolderRepository(ctx.em).page(filter, page);
}

/** One holder by id, or null. */
export function findHolder(ctx: RequestContext, id: string): Promise<Holder | null> {
  return ctx.em.findOne(Holder, { id: parseId(id) });
}

/** One holder by email (case-insensitive), or null. */
export function findHolderByEmail(ctx: RequestContext, email: string): Promise<Holder | null> {
  return ctx.em.findOne(Holder, { email: normaliseEmail(email) });
}

/** The keys a holder holds, newest first; batched across a list of holders. */
export function keysOfHolder(ctx: RequestContext, holder: Holder, filter: ApiKeyFilter, page: PageRequest) {
  const { holderId: _ignored, ...rest } = filter;
  return ctx.loaders.keyPageByHolder.load({
    holderId: holder.id,
    filter: rest,
    page: { first: page.first ?? null, after: page.after ?? null },
  });
}

/** Every collaborator role the holder has, by service slug. */
export function collaborationsOfHolder(ctx: RequestContext, holder: Holder): Promise<Collaborator[]> {
  return ctx.loaders.collaborationsByHolderId.load(holder.id);
}
