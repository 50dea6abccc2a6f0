import { raw } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { readRows } from "../../db/read.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import { type ColumnsAt, date, epochMillisSql, instance, positionsIn } from "../../shared/read-model.js";
import { allOf, integerSql, joinSql, Sql, sql } from "../../shared/sql.js";
import { type HolderColumn, holderColumnList, holderColumnsAt, holderFromRow } from "../holder/holder.read-model.js";
import type { Service } from "../service/service.entity.js";
import { serviceFromJson, serviceJsonSql } from "../service/service.loaders.js";
import {
  type KeyHolderSearch,
  keyFilterConditions,
  keyFilterHolders,
  keyFilterParts,
  keyHolderSearch,
  keySearchParts,
  keyWorks,
} from "./api-key.conditions.js";
import { keyCountSql } from "./api-key.count.js";
import { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import {
  type ApiKeyOrder,
  cursorCondition,
  keysetIn,
  orderBySortValueSql,
  orderBySql,
  orderOf,
  sortKeyOf,
  sortReadsHolder,
  sortValueSql,
} from "./api-key.order.js";
import { worksOnServicesByHolderSql } from "./where-key-works.js";

/**
 * How much of a record a page reads: all its columns, or only its brief ones, which answer the
 * fields a list usually shows (`KEY_BRIEF_FIELDS`, `HOLDER_BRIEF_FIELDS`, `SERVICE_BRIEF_FIELDS`).
 * A brief read model holds only those fields: it answers a caller that asks for no others.
 */
export type Columns = "brief" | "all";

/**
 * What a page of keys reads: the keys' columns, each key's holder, and where each working key
 * works (the services its holder is Billing on). What it does not read, the fields' loaders read
 * when asked (one statement for the page).
 */
export interface KeyPageReads {
  key: Columns;
  holder: Columns | false;
  worksOn: Columns | false;
}

/** Everything a page of keys can read with its keys. */
export const READ_ALL: KeyPageReads = { key: "all", holder: "all", worksOn: "all" };

/**
 * The fields of a key a page reads from its brief columns: a page whose caller asks for no other
 * field of its keys reads only `KEY_READS.brief` (a third of its columns; reading, sending and parsing
 * the others was most of a keys page's CPU). `status` and `worksOn` read the expiry, revocation
 * and suspension; `holder` the holder's id.
 */
export const KEY_BRIEF_FIELDS: ReadonlySet<string> = new Set([
  "__typename",
  "id",
  "name",
  "environment",
  "prefix",
  "status",
  "expiresAt",
  "revokedAt",
  "suspendedAt",
  "lastUsedAt",
  "createdAt",
  "holder",
  "worksOn",
]);
/** The brief columns (`KEY_BRIEF_FIELDS`), then the others `apiKeyFromRow` reads. */
const KEY_ROW_COLUMNS = [
  "id",
  "name",
  "environment",
  "holder_id",
  "prefix",
  "created_at",
  "expires_at",
  "revoked_at",
  "suspended_at",
  "last_used_at",
  "secret_digest",
  "imported_at",
  "previous_prefix",
  "previous_secret_expires_at",
  "rotated_at",
  "revoked_reason",
  "suspended_reason",
  "version",
  "updated_at",
  "revoked_by_id",
  "created_by_id",
] as const;
type KeyRowColumn = (typeof KEY_ROW_COLUMNS)[number];
/** How many of `KEY_ROW_COLUMNS`, from the first, are the brief ones. */
const KEY_BRIEF_COLUMN_COUNT = 10;
/** The key's timestamp columns: a page's JSON carries them as milliseconds (`epochMillisSql`). */
const KEY_TIMESTAMPS: ReadonlySet<KeyRowColumn> = new Set([
  "created_at",
  "expires_at",
  "revoked_at",
  "suspended_at",
  "last_used_at",
  "imported_at",
  "previous_secret_expires_at",
  "rotated_at",
  "updated_at",
]);
/**
 * What a page reads of its keys, brief or all (`Columns`), made once: the columns, named rather
 * than `k.*` (its rows are read by position, a column a migration adds must not move the others
 * nor change a prepared statement's result, which PostgreSQL would refuse to run again, and the
 * key's other secret digests stay unread); the SQL selecting them; the values of the page's JSON
 * (timestamps as milliseconds, `epochMillisSql`); and where each column is among those values.
 */
const KEY_READS: Record<Columns, ReturnType<typeof keyRead>> = {
  brief: keyRead(KEY_ROW_COLUMNS.slice(0, KEY_BRIEF_COLUMN_COUNT)),
  all: keyRead(KEY_ROW_COLUMNS),
};

/** `KEY_READS`' entry for a page that reads `columns` (the first of `KEY_ROW_COLUMNS`). */
function keyRead(columns: readonly KeyRowColumn[]) {
  return {
    select: new Sql(columns.map((c) => `k.${c}`).join(", ")),
    values: columns.map((c) => (KEY_TIMESTAMPS.has(c) ? epochMillisSql(`k.${c}`) : `k.${c}`)),
    at: positionsIn(KEY_ROW_COLUMNS, columns),
    count: columns.length,
  };
}

/** The parts of a page's statement for something it does not read. */
const NOTHING_MORE = { with: "", values: [] as string[], from: "" };

/** How a search's holder part (`KeyHolderSearch`) picks its way; tests choose each way with it. */
export interface HolderSearchLimits {
  /**
   * How many keys it walks in the page's order, asking each key's holder, before it asks the
   * holders' suffix index instead: a text whose holders hold a fifth of the keys fills a page of
   * 50 within the walk.
   */
  walk: number;
  /**
   * At most how many matching holders have their keys read holder by holder; with more, a walk of
   * the keys in the page's order finds the page sooner (at a hundredth of the holders matching,
   * within ~5,000 keys, where the holders' own keys would be twice as many).
   */
  fewHolders: number;
}

const HOLDER_SEARCH: HolderSearchLimits = { walk: 250, fewHolders: 1000 };

/** Query logic for API keys: filtered, keyset-paginated lists, newest first. */
export class ApiKeyRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly holderSearchLimits = HOLDER_SEARCH,
  ) {}

  /** Keys matching every condition of `filter` (checked first, see `keyFilterConditions`). */
  private filtered(filter: ApiKeyFilter, now: Date) {
    const qb = this.em.createQueryBuilder(ApiKey, "k");
    for (const condition of keyFilterConditions(filter, now)) qb.andWhere(`(${condition.text})`, [...condition.params]);
    return qb;
  }

  /**
   * First pages (or last pages, or pages from one shared cursor) of the keys of many holders at once: one
   * statement picks each holder's page with a window function, one loads those keys, and one
   * counts them all, only if a count is asked for. A list of holders with their keys then costs
   * the same statements for 10 holders as for 500.
   */
  async pagesByHolder(
    holderIds: readonly string[],
    filter: ApiKeyFilter,
    request: PageRequest,
    now: Date,
  ): Promise<Map<string, Page<ApiKey>>> {
    // Newest first; a backward page walks it oldest first from its cursor (or from the oldest).
    const keyset = new Keyset("apiKeys", request, false);
    const { dir } = keyset;
    const picked = this.filtered(filter, now)
      .select(raw(`k.id, row_number() over (partition by k.holder_id order by k.created_at ${dir}, k.id ${dir}) as rn`))
      .andWhere({ holder: { $in: [...holderIds] } });
    const after = keyset.cursor(["date", "uuid"]);
    if (after) picked.andWhere(`(k.created_at, k.id) ${keyset.op} (?, ?)`, [new Date(after[0]), after[1]]);
    const rows = await this.em.execute<{ id: string }[]>(`select id from (${picked.getQuery()}) as w where rn <= ?`, [
      ...picked.getParams(),
      keyset.limit,
    ]);
    const keys = rows.length
      ? await this.em.find(
          ApiKey,
          { id: { $in: rows.map((r) => r.id) } },
          { populate: ["holder"], orderBy: { createdAt: dir, id: dir } },
        )
      : [];
    let counts: Promise<Map<string, number>> | undefined;
    const countAll = () => {
      counts ??= this.filtered(filter, now)
        .select(raw("k.holder_id, count(*)::int as n"))
        .andWhere({ holder: { $in: [...holderIds] } })
        .groupBy("holder")
        .execute<{ holder_id: string; n: number }[]>("all", false)
        .then((all) => new Map(all.map((r) => [r.holder_id, Number(r.n)])));
      return counts;
    };
    const pages = new Map<string, Page<ApiKey>>();
    for (const holderId of holderIds) {
      pages.set(
        holderId,
        keyset.page(
          keys.filter((k) => k.holder.id === holderId),
          (k) => [k.createdAt.toISOString(), k.id],
          async () => (await countAll()).get(holderId) ?? 0,
        ),
      );
    }
    return pages;
  }

  /**
   * A page of keys matching `filter` in `order` (newest first by default), each with its holder
   * and, for a key that works, the services its holder is Billing on (`worksOnServicesByHolderSql`),
   * by holder, as far as `reads` asks for them (a key's holder is otherwise a reference by id):
   * read models, one statement, whose joins read only the page's holders and their
   * collaborations, however many keys and holders the registry has. Keyset-paginated on the sort
   * value and the id, so a cursor stays stable while keys are added or change.
   */
  async page(
    filter: ApiKeyFilter,
    request: PageRequest,
    now: Date,
    order?: ApiKeyOrder | null,
    reads: KeyPageReads = READ_ALL,
  ): Promise<{ page: Page<ApiKey>; worksOnByHolder: Map<string, Service[]> }> {
    const sort = orderOf(filter, order);
    const keyset = keysetIn(sort, request);
    // A search is walked as its disjoint parts (`keySearchParts`), each of which picks only the
    // keys' ids and sort values, so an index that holds those answers it without reading the keys.
    const searchParts = filter.search != null ? keySearchParts(filter.search) : [];
    const conditions = keyFilterConditions(searchParts.length ? { ...filter, search: null } : filter, now);
    const after = cursorCondition(sort, keyset);
    if (after) conditions.push(after);
    // The page is picked from the key table alone; then each key's holder is one primary-key
    // probe (a lateral that is not flattened, so the planner cannot hash every holder for a
    // page), and where the page's working keys work is read once per holder, each if read.
    const sortValue = new Sql(`${sortValueSql(sort)} as sort_value`);
    const works = reads.worksOn ? sql`, ${keyWorks(now)} as works` : sql``;
    const keyRead = KEY_READS[reads.key];
    const keyColumns = keyRead.select;
    const columns = searchParts.length ? sql`k.id, ${sortValue}` : sql`${keyColumns}, ${sortValue}${works}`;
    // The page size is written into the text: a prepared statement's generic plan would assume a
    // tenth of the rows for a limit it cannot see (`readRows`), and walk them in another way.
    const limit = integerSql(keyset.limit);
    const walk = (where: Sql[]) => sql`select ${columns}
          from api_key k${new Sql(sortReadsHolder(sort) ? " join holder h on h.id = k.holder_id" : "")}
         where ${allOf(where)}
         order by ${new Sql(orderBySql(sort, keyset.window.backward))} limit ${limit}`;
    // A filter limited to a few holders walks each holder's keys (`keyFilterHolders`), merged.
    const holders = keyFilterHolders(filter);
    const part = (extra: Sql[]) =>
      holders
        ? sql`select k.* from (${holders}) w
            cross join lateral (${walk([sql`k.holder_id = w.holder_id`, ...conditions, ...extra])}) k
            order by ${new Sql(orderBySortValueSql(sort, keyset.window.backward))} limit ${keyset.limit}`
        : walk([...conditions, ...extra]);
    const filterParts = keyFilterParts(filter, now);
    // The holder part of a search picks its page as `KeyHolderSearch` says: the walk (`near`),
    // which answers when it fills the page or reaches the end; else the few matching holders'
    // keys (`few`, a walk per holder); else the walk to the page. Uncorrelated subqueries gate the
    // three, so PostgreSQL runs only the one chosen; a service's few holders are walked as any part.
    const holderPart = (search: KeyHolderSearch, extra: Sql[]) => {
      const where = [...conditions, ...extra, search.others];
      if (holders) return part([...extra, search.others, search.holderMatches]);
      const { walk: walkFirst, fewHolders } = this.holderSearchLimits;
      const order = new Sql(orderBySql(sort, keyset.window.backward));
      const from = new Sql(`api_key k${sortReadsHolder(sort) ? " join holder h on h.id = k.holder_id" : ""}`);
      return sql`with near as materialized (
          select id, sort_value from (select ${columns}, ${search.holderMatches} as hit from ${from}
                                       where ${allOf(where)} order by ${order} limit ${walkFirst}) w
           where hit limit ${keyset.limit}),
        decided as materialized (select (select count(*) from near) >= ${keyset.limit}
            or (select count(*) from (select 1 from ${from} where ${allOf(where)} order by ${order} limit ${walkFirst}) w)
               < ${walkFirst} as answered),
        few as materialized (select id from (${search.holders}) h
                              where not (select answered from decided) limit ${fewHolders + 1}),
        many as materialized (select count(*) > ${fewHolders} as many from few)
        select id, sort_value from near where (select answered from decided)
        union all
        (select k.* from few w cross join lateral (${walk([sql`k.holder_id = w.id`, ...where])}) k
          where not (select many from many)
          order by ${new Sql(orderBySortValueSql(sort, keyset.window.backward))} limit ${keyset.limit})
        union all
        (${walk([sql`(select many from many)`, search.holderMatches, ...where])})`;
    };
    const holderSearch = filter.search != null ? keyHolderSearch(filter.search) : null;
    const holderParts = holderSearch
      ? (filterParts.length ? filterParts.map((p) => [p]) : [[]]).map((extra) => holderPart(holderSearch, extra))
      : [];
    const picks = [...everyPairOf(searchParts, filterParts).map((p) => part(p)), ...holderParts];
    // Each part is its own ordered, limited walk; the page is the first of their rows.
    const firsts = picks.length
      ? sql`select * from (${joinSql(
          picks.map((p) => sql`(${p})`),
          " union all ",
        )}) k
          order by ${new Sql(orderBySortValueSql(sort, keyset.window.backward))} limit ${keyset.limit}`
      : part([]);
    const picked = searchParts.length
      ? sql`select ${keyColumns}, p.sort_value${works} from (${firsts}) p join api_key k on k.id = p.id`
      : firsts;
    // Only what the caller reads: a page of ids alone reads no holder and no collaboration (the
    // holders' probes and the Billing roles were most of a filtered page's buffers).
    const holder = reads.holder
      ? {
          values: holderColumnList(reads.holder === "brief").map((c) => `h.${c}`),
          from: " cross join lateral (select * from holder h where h.id = k.holder_id offset 0) h",
        }
      : NOTHING_MORE;
    const worksOn = reads.worksOn
      ? {
          with: `, billing as (${worksOnServicesByHolderSql("any(array(select holder_id from k where works))", serviceJsonSql("s", reads.worksOn === "brief"))})`,
          values: ["case when k.works then coalesce(b.services, '[]'::json) end"],
          from: " left join billing b on b.holder_id = k.holder_id",
        }
      : NOTHING_MORE;
    // The page comes as one JSON value, an array of rows, each an array of `values`: the key's
    // columns, its sort value, its holder's columns, where it works. `pg` then decodes one text and
    // `JSON.parse` reads it, instead of a message, a string per column and a parser call per value
    // for each row (a third of the page's CPU as rows).
    const values = [...keyRead.values, "k.sort_value", ...holder.values, ...worksOn.values];
    const statement = sql`with k as (${picked})${new Sql(worksOn.with)}
      select json_agg(json_build_array(${new Sql(values.join(", "))})
                      order by ${new Sql(orderBySortValueSql(sort, keyset.window.backward))}) as page
        from k${new Sql(holder.from + worksOn.from)}`;
    // A page of all keys in some order (from a cursor or not) has no value its plan depends on:
    // it is prepared.
    const unfiltered =
      !searchParts.length && !holderSearch && !filterParts.length && !holders && conditions.length === (after ? 1 : 0);
    const [read] = await readRows<{ page: unknown[][] | null }>(this.em, statement, { prepare: unfiltered });
    const rows = read?.page ?? [];
    const at = keyRead.at;
    const sortValueAt = keyRead.count;
    const holderAt = reads.holder ? holderColumnsAt(sortValueAt + 1, reads.holder === "brief") : null;
    const worksOnAt = reads.worksOn ? values.length - 1 : -1;
    const sortValues = new Map<ApiKey, unknown>();
    const worksOnByHolder = new Map<string, Service[]>();
    const briefServices = reads.worksOn === "brief";
    const keys = rows.map((row) => {
      const key = apiKeyFromRow(row, at, reads, holderAt);
      sortValues.set(key, row[sortValueAt]);
      const worksOn = row[worksOnAt] as unknown[][] | null | undefined;
      if (worksOn && !worksOnByHolder.has(key.holder.id)) {
        worksOnByHolder.set(
          key.holder.id,
          worksOn.map((values) => serviceFromJson(values, briefServices)),
        );
      }
      return key;
    });
    const page = keyset.page(
      keys,
      (k) => sortKeyOf(sort, k, sortValues.get(k)),
      () => this.count(filter, now),
    );
    return { page, worksOnByHolder };
  }

  /**
   * How many keys match `filter`: from the trigger-kept summary when the filter is only its
   * categories and expiry windows (`keyCountSql`), else a count of the matching rows.
   */
  async count(filter: ApiKeyFilter, now: Date): Promise<number> {
    const summary = keyCountSql(filter, now);
    if (!summary) return this.filtered(filter, now).getCount();
    const [row] = await this.em.execute<{ n: string }[]>(summary.text, [...summary.params]);
    return Number(row?.n);
  }
}

/**
 * An ApiKey read model from a row of the key's columns (all, or the brief ones: then only the
 * fields of `KEY_BRIEF_FIELDS` are set) and, when `holderAt` places them, its holder's; without
 * them its holder is a reference by id, which `holderOfKey` loads.
 */
function apiKeyFromRow(
  row: readonly unknown[],
  at: ColumnsAt<KeyRowColumn>,
  reads: KeyPageReads,
  holderAt: ColumnsAt<HolderColumn> | null,
): ApiKey {
  const v = (column: KeyRowColumn) => row[at[column] as number];
  const holder = holderAt
    ? holderFromRow(row, holderAt, reads.holder === "brief")
    : ({ id: v("holder_id") } as ApiKey["holder"]);
  // The brief fields: a brief read model is made of these alone.
  const key = instance(ApiKey, {
    id: v("id") as string,
    name: v("name") as string,
    environment: v("environment") as ApiKey["environment"],
    holder,
    prefix: v("prefix") as string,
    createdAt: date(v("created_at")) as Date,
    expiresAt: date(v("expires_at")),
    revokedAt: date(v("revoked_at")),
    suspendedAt: date(v("suspended_at")),
    lastUsedAt: date(v("last_used_at")),
  });
  if (reads.key === "brief") return key;
  // The others are assigned one by one (each becomes the read model's own field, `instance`): a
  // copy of twenty fields at once would leave V8 holding the object as a dictionary, slower to read.
  const revokedBy = v("revoked_by_id");
  const createdBy = v("created_by_id");
  // Only whether there is one: `verifiable` reads it, nothing exposes it.
  key.secretDigest = (v("secret_digest") as string | null) ?? null;
  key.importedAt = date(v("imported_at"));
  key.previousPrefix = (v("previous_prefix") as string) ?? null;
  key.previousSecretExpiresAt = date(v("previous_secret_expires_at"));
  key.rotatedAt = date(v("rotated_at"));
  key.revokedReason = (v("revoked_reason") as string) ?? null;
  key.suspendedReason = (v("suspended_reason") as string) ?? null;
  key.version = Number(v("version"));
  key.updatedAt = date(v("updated_at")) as Date;
  key.revokedBy = revokedBy ? ({ id: revokedBy } as ApiKey["revokedBy"]) : null;
  key.createdBy = createdBy ? ({ id: createdBy } as ApiKey["createdBy"]) : null;
  return key;
}

/**
 * The parts of a list as lists of conditions: each of `a` with each of `b` (their parts are
 * disjoint, so the pairs are), or the parts of the one that has any.
 */
function everyPairOf(a: readonly Sql[], b: readonly Sql[]): Sql[][] {
  if (!a.length || !b.length) return [...a, ...b].map((p) => [p]);
  return a.flatMap((x) => b.map((y) => [x, y]));
}
