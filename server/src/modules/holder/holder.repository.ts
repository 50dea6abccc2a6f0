import type { EntityManager } from "@mikro-orm/postgresql";
import { readRows } from "../../db/read.js";
import { parseId } from "../../shared/ids.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import type { Row } from "../../shared/read-model.js";
import { allOf, existsWhere, integerSql, Sql, sql } from "../../shared/sql.js";
import { Holder } from "./holder.entity.js";
import type { HolderFilter } from "./holder.filter.js";
import { holderColumns, holderFromRow } from "./holder.read-model.js";
import { holderContains, holderCountSql, holderSearchPage } from "./holder.search.js";

/** The conditions on holder `h` of every field of `filter` but the search. */
function filterConditions(filter: HolderFilter): Sql[] {
  const conditions: Sql[] = [];
  if (filter.kind) conditions.push(sql`h.kind = ${filter.kind}`);
  if (filter.status) conditions.push(sql`h.status = ${filter.status}`);
  const serviceId = filter.serviceId && parseId(filter.serviceId, "serviceId");
  const collaborator = existsWhere("collaborator c", "c.holder_id = h.id", {
    "c.service_id": serviceId,
    "c.role": filter.role,
  });
  if (collaborator) conditions.push(collaborator);
  if (filter.memberOfGroupId) {
    conditions.push(
      sql`exists (select 1 from group_membership m where m.user_id = h.id and m.group_id = ${parseId(filter.memberOfGroupId, "memberOfGroupId")})`,
    );
  }
  return conditions;
}

/** Query logic for holders (users and group emails together), ordered by email. */
export class HolderRepository {
  constructor(private readonly em: EntityManager) {}

  /** How many holders match `filter` (its other fields as `conditions`): a search counts as `holderCountSql` says. */
  private async count(filter: HolderFilter, conditions: Sql[]): Promise<number> {
    const statement =
      filter.search == null
        ? sql`select count(*) as n from holder h where ${allOf(conditions)}`
        : holderCountSql(filter.search, conditions);
    const [row] = await readRows<{ n: string | number }>(this.em, statement);
    return Number(row?.n ?? 0);
  }

  /**
   * A page of holders matching `filter`, by email, as read models (`holderFromRow`): User or
   * GroupEmail by their kind, so a caller that filters on kind may name the narrower type. A
   * search picks the page's holders with `holderSearchPage` (from the suffix index when the text
   * is rare) in the same statement.
   */
  async page<T extends Holder = Holder>(filter: HolderFilter, request: PageRequest): Promise<Page<T>> {
    const keyset = new Keyset("holders", request, true);
    const conditions = filterConditions(filter);
    const [email] = keyset.cursor(["string"]) ?? [];
    const walked = email === undefined ? conditions : [...conditions, new Sql(`h.email ${keyset.op} ?`, [email])];
    const where = filter.search == null ? walked : [holderContains(filter.search), ...walked];
    const picked = filter.search == null ? null : holderSearchPage(filter.search, walked, keyset.dir, keyset.limit);
    if (picked) where.push(sql`h.id = any(array(${picked}))`);
    const rows = await readRows<Row>(
      this.em,
      sql`select ${new Sql(holderColumns("h"))} from holder h where ${allOf(where)}
           order by h.email ${new Sql(keyset.dir)} limit ${integerSql(keyset.limit)}`,
    );
    return keyset.page(
      rows.map((row) => holderFromRow(row, "h") as T),
      (h) => [h.email],
      () => this.count(filter, conditions),
    );
  }
}
