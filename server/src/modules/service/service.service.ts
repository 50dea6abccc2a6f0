import { parseId } from "../../shared/ids.js";
import type { PageRequest } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Service } from "./service.entity.js";
import type { ServiceFilter } from "./service.filter.js";
import { ServiceRepository } from "./service.repository.js";

/** A page of services by slug. */
export function listServices(ctx: RequestContext, filter: ServiceFilter, page: PageRequest) {
  return new ServiceRepository(ctx.em).page(filter, page);
}

/** One service by id, or null. */
export function findService(ctx: RequestContext, id: string): Promise<Service | null> {
  return ctx.em.findOne(Service, { id: parseId(id) });
}

/** One service by slug, or null. */
export function findServiceBySlug(ctx: RequestContext, slug: string): Promise<Service | null> {
  return ctx.em.findOne(Service, { slug: slug.trim().toLowerCase() });
}

/** Every collaborator of the service, by role then email. */
