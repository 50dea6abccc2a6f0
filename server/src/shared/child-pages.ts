import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { defineLoader } from "./loaders.js";
import { Keyset, type Page, type PageRequest, pageArgs } from "./pagination.js";

/**
 * A list that belongs to a parent row (a service's collaborators, a group's members), sorted
 * ascending on `order` and then on `child`, the id of an item.
 */
export interface ChildList<T> {
  /** The list's name in its cursors. */
  list: string;
  /** The FROM clause, aliases included, e.g. `collaborator c join holder h on h.id = c.holder_id`. */
  from: string;
  /** The parent's id column, e.g. `c.service_id`. */
  parent: string;
  /** The item's id column (a uuid), the last tie-break. */
  child: string;
  /** The sort expressions before the id, each read as text in cursors. */
  order: string[];
  /**
   * Where the items come from: `read`, columns the picking statement selects too (aliases of the
   * FROM clause) and the item built from its row, so a page costs one statement; or `load`, the
   * items of the picked ids in one more statement, in any order.
   */
  items:
    | {
        read: string;
        /**
         * A lookup for the picked rows only, after each parent's page is picked: a FROM item that
         * reads the picking statement's columns as `w.<name>` (e.g. a lateral lookup of the row
         * a role points at), and the columns read from it. Rows past the page never reach it.
         */
        join?: { from: string; read: string };
        fromRow: (row: Record<string, unknown>) => T;
      }
    | { load: (em: EntityManager, ids: string[]) => Promise<T[]> };
  /** The id of an item, as `child` reads it. */
  idOf: (item: T) => string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pages of many parents' lists at once, one page request for all: one statement picks each
 * parent's page with a window function over the keyset (reading the items with it, or one more
 * loads the picked items), and one counts every parent's items, only when a count is asked for. A page of 50 services with their
 * collaborators then costs the same statements as one service.
 */
export async function childPages<T>(
  em: EntityManager,
  spec: ChildList<T>,
  parentIds: readonly string[],
  request: PageRequest,
): Promise<Map<string, Page<T>>> {
  const keyset = new Keyset(spec.list, request, true);
  const { op, dir } = keyset;
  const where = [`${spec.parent} = any(?::uuid[])`];
  const params: unknown[] = [`{${parentIds.join(",")}}`];
  const values = keyset.cursor([...spec.order.map(() => "string" as const), "uuid" as const]);
  if (values) {
    // Bound as text: a value PostgreSQL cannot hold (NUL) or a malformed id is refused here, never by the database.
    if (values.some((v) => v.includes("\u0000")) || !UUID.test(values[values.length - 1] as string)) {
      throw keyset.invalidCursor();
    }
    where.push(
      `(${spec.order.map((o) => `${o}::text`).join(", ")}, ${spec.child}) ${op} (${values.map((_, i) => (i < spec.order.length ? "?::text" : "?::uuid")).join(", ")})`,
    );
    params.push(...values);
  }
  const orderBy = [...spec.order.map((o) => `${o}::text`), spec.child].map((c) => `${c} ${dir}`).join(", ");
  const join = "read" in spec.items ? spec.items.join : undefined;
  const rows = await em.execute<{ parent_id: string; child_id: string; rn: string; [k: string]: unknown }[]>(
    `select w.*${join ? `, ${join.read}` : ""} from (
       select ${spec.parent} as parent_id, ${spec.child} as child_id,${"read" in spec.items ? ` ${spec.items.read},` : ""}
              ${spec.order.map((o, i) => `${o}::text as v${i}`).join(", ")}${spec.order.length ? "," : ""}
              row_number() over (partition by ${spec.parent} order by ${orderBy}) as rn
         from ${spec.from} where ${where.join(" and ")}
     ) w${join ? ` ${join.from}` : ""} where w.rn <= ? order by w.parent_id, w.rn`,
    [...params, keyset.limit],
  );
  const { items: source } = spec;
  const items =
    "read" in source
      ? rows.map(source.fromRow)
      : rows.length
        ? await source.load(em, [...new Set(rows.map((r) => r.child_id))])
        : [];
  const byId = new Map(items.map((item) => [spec.idOf(item), item]));
  let counts: Promise<Map<string, number>> | undefined;
  const countAll = () => {
    counts ??= em
      .execute<{ parent_id: string; n: number }[]>(
        `select ${spec.parent} as parent_id, count(*)::int as n from ${spec.from}
          where ${spec.parent} = any(?::uuid[]) group by ${spec.parent}`,
        [`{${parentIds.join(",")}}`],
      )
      .then((all) => new Map(all.map((r) => [r.parent_id, Number(r.n)])));
    return counts;
  };
  const pages = new Map<string, Page<T>>();
  for (const parentId of parentIds) {
    const mine = rows.filter((r) => r.parent_id === parentId);
    const keys = new Map(mine.map((r) => [r.child_id, [...spec.order.map((_, i) => String(r[`v${i}`])), r.child_id]]));
    pages.set(
      parentId,
      keyset.page(
        mine.map((r) => byId.get(r.child_id) as T),
        (item) => keys.get(spec.idOf(item)) as string[],
        async () => (await countAll()).get(parentId) ?? 0,
      ),
    );
  }
  return pages;
}

/** One parent's page of a child list, as a list of parents asks for it. */
export interface ChildPageRequest {
  parentId: string;
  page: PageRequest;
}

/**
 * A per-request loader of many parents' pages of one list: requests with the same page arguments
 * (every row of a list asks alike) are answered together, by one call of `pagesOf` for all their
 * parents (`parentOf` names a request's parent).
 */
export function definePageLoader<R extends { page: PageRequest }, T>(
  parentOf: (request: R) => string,
  pagesOf: (em: EntityManager, parentIds: string[], page: PageRequest) => Promise<Map<string, Page<T>>>,
) {
  return defineLoader(
    (em) =>
      new DataLoader<R, Page<T>, string>(
        async (requests) => {
          const groups = new Map<string, R[]>();
          for (const r of requests) {
            const key = JSON.stringify(pageArgs(r.page));
            groups.set(key, [...(groups.get(key) ?? []), r]);
          }
          const answers = new Map<R, Page<T>>();
          for (const group of groups.values()) {
            const pages = await pagesOf(em, group.map(parentOf), (group[0] as R).page);
            for (const r of group) answers.set(r, pages.get(parentOf(r)) as Page<T>);
          }
          return requests.map((r) => answers.get(r) as Page<T>);
        },
        { cacheKeyFn: (r) => JSON.stringify([parentOf(r), pageArgs(r.page)]) },
      ),
  );
}

/** A per-request loader of one child list's pages, answered by `childPages` (see `definePageLoader`). */
export function defineChildPageLoader<T>(spec: ChildList<T>) {
  return definePageLoader<ChildPageRequest, T>(
    (r) => r.parentId,
    (em, parentIds, page) => childPages(em, spec, parentIds, page),
  );
}
