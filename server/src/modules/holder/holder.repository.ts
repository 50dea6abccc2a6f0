import type { EntityManager } from "@mikro-orm/postgresql";
import { parseId } from "../../shared/ids.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import { existsWhere } from "../../shared/sql.js";
import { andWhereGiven } from "../../shared/where.js";
import { Holder } from "./holder.entity.js";
import type { HolderFilter } from "./holder.filter.js";
import { holderContains } from "./holder.search.js";

/** Query logic for holders (users and group emails together), ordered by email. */
export class HolderRepository {
  constructor(private readonly em: EntityManager) {}

  private filtered(filter: HolderFilter) {
    const qb = this.em.createQueryBuilder(Holder, "h");
    andWhereGiven(qb, filter.search == null ? null : holderContains(filter.search));
    if (filter.kind) qb.andWhere("h.kind = ?", [filter.kind]);
    if (filter.status) qb.andWhere("h.status = ?", [filter.status]);
    const serviceId = filter.serviceId && parseId(filter.serviceId, "serviceId");
    const collaborator = { "c.service_id": serviceId, "c.role": filter.role };
    andWhereGiven(qb, existsWhere("collaborator c", "c.holder_id = h.id", collaborator));
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
    const keyset = new Keyset("holders", request, true);
    const qb = this.filtered(filter).select("*").orderBy({ email: keyset.dir }).limit(keyset.limit);
    const [email] = keyset.cursor(["string"]) ?? [];
    if (email !== undefined) qb.andWhere(`h.email ${keyset.op} ?`, [email]);
    const rows = (await qb.getResultList()) as T[];
    return keyset.page(
      rows,
      (h) => [h.email],
      () => this.filtered(filter).getCount(),
    );
  }
}
