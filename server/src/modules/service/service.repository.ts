import { raw } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { parseId } from "../../shared/ids.js";
import {
  decodeCursor,
  encodeCursor,
  keysetOf,
  type Page,
  type PageRequest,
  pageWindow,
  toPage,
} from "../../shared/pagination.js";
import { containsPattern } from "../../shared/search.js";
import { Service } from "./service.entity.js";
import type { ServiceFilter } from "./service.filter.js";
import { serviceColumns, serviceFromRow } from "./service.loaders.js";

/** Query logic for services, ordered by slug. */
export class ServiceRepository {
  constructor(private readonly em: EntityManager) {}

  private filtered(filter: ServiceFilter) {
    const qb = this.em.createQueryBuilder(Service, "s");
    if (filter.search != null) {
      const pattern = containsPattern(filter.search);
      qb.andWhere("(s.slug like ? or lower(s.name) like ?)", [pattern, pattern]);
    }
    qb.andWhere(filter.archived ? "s.archived_at is not null" : "s.archived_at is null");
    if (filter.holderId || filter.role) {
      const conditions = ["c.service_id = s.id"];
      const params: unknown[] = [];
      if (filter.holderId) {
        conditions.push("c.holder_id = ?");
        params.push(parseId(filter.holderId, "holderId"));
      }
      if (filter.role) {
        conditions.push("c.role = ?");
        params.push(filter.role);
      }
      qb.andWhere(`exists (select 1 from collaborator c where ${conditions.join(" and ")})`, params);
    }
    return qb;
  }

  /** A page of services matching `filter`, by slug (backward from the end or a cursor too). */
  async page(filter: ServiceFilter, request: PageRequest): Promise<Page<Service>> {
    const window = pageWindow(request);
    const { size } = window;
    const { op, dir } = keysetOf(window, true);
    const qb = this.filtered(filter)
      .select(raw(serviceColumns("s")))
      .orderBy({ slug: dir })
      .limit(size + 1);
    if (window.cursor) {
      const [slug] = decodeCursor("services", window.cursor, ["string"], window.cursorArg) as [string];
      qb.andWhere(`s.slug ${op} ?`, [slug]);
    }
    const rows = (await qb.execute<Record<string, unknown>[]>("all", false)).map(serviceFromRow);
    return toPage(
      rows,
      size,
      request,
      (s) => encodeCursor("services", [s.slug]),
      () => this.filtered(filter).getCount(),
    );
  }
}
