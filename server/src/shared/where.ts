import type { QueryBuilder } from "@mikro-orm/postgresql";
import type { Sql } from "./sql.js";

/** Narrows a query by `condition` when there is one: a filter condition left out adds nothing. */
export function andWhereGiven<T extends object>(qb: QueryBuilder<T>, condition: Sql | null): void {
  if (condition) qb.andWhere(condition.text, [...condition.params]);
}
