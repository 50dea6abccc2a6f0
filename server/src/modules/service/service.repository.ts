import { raw } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { parseId } from "../../shared/ids.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import { anyContains } from "../../shared/search.js";
import { existsWhere } from "../../shared/sql.js";
import { andWhereGiven } from "../../shared/where.js";
import { Service } from "./service.entity.js";
import type { ServiceFilter } from "./service.filter.js";
import { serviceColumns, serviceFromRow } from "./service.loaders.js";

/** Query logic for services, ordered by slug. */
export class ServiceRepository {
  constructor(private readonly em: EntityManager) {}

  private filtered(filter: ServiceFilter) {
    const qb = this.em.createQueryBuilder(Service, "s");
    andWhereGiven(qb, filter.search == null ? null : anyContains(["s.slug", "lower(s.name)"], filter.search));
    qb.andWhere(filter.archived ? "s.archived_at is not null" : "s.archived_at is null");
    const holderId = filter.holderId && parseId(filter.holderId, "holderId");
    const collaborator = { "c.holder_id": holderId, "c.role": filter.role };
    andWhereGiven(qb, existsWhere("collaborator c", "c.service_id = s.id", collaborator));
    return qb;
  }

  /** A page of services matching `filter`, by slug (backward from the end or a cursor too). */
  async page(filter: ServiceFilter, request: PageRequest): Promise<Page<Service>> {
    const keyset = new Keyset("services", request, true);
    const qb = this.filtered(filter)
      .select(raw(serviceColumns("s")))
      .orderBy({ slug: keyset.dir })
      .limit(keyset.limit);
    const [slug] = keyset.cursor(["string"]) ?? [];
    if (slug !== undefined) qb.andWhere(`s.slug ${keyset.op} ?`, [slug]);
    const rows = (await qb.execute<Record<string, unknown>[]>("all", false)).map(serviceFromRow);
    return keyset.page(
      rows,
      (s) => [s.slug],
      () => this.filtered(filter).getCount(),
    );
  }
}
