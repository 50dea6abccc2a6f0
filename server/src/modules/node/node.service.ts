import { requireRole } from "../../shared/access.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { NODE_TABLES } from "./node-tables.js";

/** The most ids one `nodes` call takes. */
export const MAX_NODES = 100;

/**
 * The objects with these ids, in their order: null for an id nothing has, or whose object the
 * caller may not see (the rule of that type's own root field), so an answer never tells the two
 * apart. One statement finds which table holds each id, then one per table found loads them.
 */
export async function findNodes(
  ctx: RequestContext,
  ids: readonly string[],
  field = "ids",
): Promise<(object | null)[]> {
  const principal = requireRole(ctx.principal);
  if (ids.length > MAX_NODES)
    throw new DomainError(ErrorCode.OUT_OF_RANGE, `${field}: at most ${MAX_NODES} ids at a time.`, field);
  const parsed = ids.map((id, i) => parseId(id, field === "id" ? field : `${field}[${i}]`));
  const unique = [...new Set(parsed)];
  if (!unique.length) return [];
  const list = `{${unique.join(",")}}`;
  const rows = await ctx.em.execute<{ id: string; t: number }[]>(
    NODE_TABLES.map((t, i) => `select id::text as id, ${i} as t from "${t.table}" where id = any(?::uuid[])`).join(
      " union all ",
    ),
    NODE_TABLES.map(() => list),
  );
  const idsByTable = new Map<number, string[]>();
  for (const row of rows) idsByTable.set(row.t, [...(idsByTable.get(row.t) ?? []), row.id]);
  const found = new Map<string, object>();
  await Promise.all(
    [...idsByTable].map(async ([t, tableIds]) => {
      const table = NODE_TABLES[t];
      if (!table) return;
      for (const node of await table.load(ctx, tableIds))
        if (!table.visible || table.visible(principal, node)) found.set(node.id, node);
    }),
  );
  return parsed.map((id) => found.get(id) ?? null);
}
