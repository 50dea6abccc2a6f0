import { normaliseEmail } from "../../shared/email.js";
import { parseId } from "../../shared/ids.js";
import type { PageRequest } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
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
