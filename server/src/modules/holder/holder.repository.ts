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
import { Holder } from "./holder.entity.js";
import type { HolderFilter } from "./holder.filter.js";

/** Query logic for holders (users and group emails together), ordered by email. */
export class HolderRepository {
  constructor(private readonly em: EntityManager) {}

  private filtered(filter: HolderFilter) {
    const qb = this.em.createQueryBuilder(Holder, "h");
    if (filter.search != null) {
      const pattern = containsPattern(filter.search);
      qb.andWhere("(h.email like ? or lower(h.name) like ?)", [pattern, pattern]);
    }
    if (filter.kind) qb.andWhere("h.kind = ?", [filter.kind]);
    if (filter.status) qb.andWhere("h.status = ?", [filter.status]);
    if (filter.serviceId || filter.role) {
      const conditions = ["c.holder_id = h.id"];
      const params: unknown[] = [];
      if (filter.serviceId) {
        conditions.push("c.service_id = ?");
        params.push(parseId(filter.serviceId, "serviceId"));
      }
      if (filter.role) {
        conditions.push("c.role = ?");
        params.push(filter.role);
      }
      qb.andWhere(`exists (select 1 from collaborator c where ${conditions.join(" and ")})`, params);
    }
    if (filter.memberOfGroupId) {
      qb.andWhere("exists (select 1 from group_membership m where m.user_id = h.id and m.group_id = ?)", [
        parseId(filter.memberOfGroupId, "memberOfGroupId"),
      ]);
    }
    return qb;
  }

  /**
   * A page of holders matching `filter`, by email. Rows come back as User or GroupEmail by their
   * kind, so a caller that filters on kind may name the narrower type.
   */
  async page<T extends Holder = Holder>(filter: HolderFilter, request: PageRequest): Promise<Page<T>> {
    const window = pageWindow(request);
    const { size } = window;
    const { op, dir } = keysetOf(window, true);
    const qb = this.filtered(filter)
      .select("*")
      .orderBy({ email: dir })
      .limit(size + 1);
    if (window.cursor) {
      const [email] = decodeCursor("holders", window.cursor, ["string"], window.cursorArg) as [string];
      qb.andWhere(`h.email ${op} ?`, [email]);
    }
    const rows = (await qb.getResultList()) as T[];
    return toPage(
      rows,
      size,
      request,
      (h) => encodeCursor("holders", [h.email]),
      () => this.filtered(filter).getCount(),
    );
  }
}
