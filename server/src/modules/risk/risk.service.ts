import type { EntityManager } from "@mikro-orm/postgresql";
import { readRows } from "../../db/read.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { joinSql, Sql, sql } from "../../shared/sql.js";
import {
  keyExpiresWithin,
  keyHolderIsUser,
  keyIsActive,
  keyUnusedFor,
  keyUnusedForParts,
  keyUsedWithin,
} from "../api-key/api-key.conditions.js";
import { countKeysSql, keyCountsSql, newestKeysWithHoldersSql } from "../api-key/api-key.queries.js";
import { worksOnSlugsSql } from "../api-key/where-key-works.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../holder/group-email/group-email.entity.js";
import { RiskSubjectType } from "./risk-subject-type.js";

/** One thing at risk, with what would fix it. */
export interface RiskItem {
  subjectType: RiskSubjectType;
  subjectId: string;
  title: string;
  detail: string;
  fix: string;
  /** For a key: its holder (the console links a departed one to their offboarding). */
  holderId: string | null;
  holderEmail: string | null;
}

/** A kind of risk: how many there are, and the first items. */
export interface RiskCategory {
  count: number;
  items: RiskItem[];
}

export interface Risks {
  productionKeysHeldByIndividuals: RiskCategory;
  keysHeldByDepartedUsers: RiskCategory;
  keysThatWorkNowhere: RiskCategory;
  keysExpiringSoon: RiskCategory;
  unusedKeys: RiskCategory;
  groupEmailsWithFewMembers: RiskCategory;
  servicesWithoutWorkingKey: RiskCategory;
}

export interface RiskOptions {
  expiringWithinDays: number;
  unusedForDays: number;
  /** Items listed per category (the counts are always complete). */
  first: number;
}

/**
 * The key's holder is a Billing collaborator on no unarchived service, as the trigger-kept
 * `risk_holder` says (exact: see the risk_summaries migration). Their keys are found whichever way
 * reads fewer keys, known from their `count` among the `active` keys before the walk: from those
 * holders (a partial index lists them, their keys an index led by the holder), sorted, while they
 * hold few keys; else asked of each key of the newest-first walk, which passes about
 * `first × active / count` keys before the page is full. Not a join, which would leave the choice
 * to the planner but cache the probe (see `newestKeysWithHoldersSql`).
 */
function holderBillingNowhere(count: number, active: number, first: number): Sql {
  return count * count > first * active
    ? new Sql("(select true from risk_holder r where r.holder_id = k.holder_id and not r.billing) is not null")
    : new Sql("k.holder_id = any(array(select r.holder_id from risk_holder r where not r.billing))");
}

/** Where an active key works: its holder's live Billing services, as text (`fines, permits`), null for none. */
const BILLING_SERVICES = worksOnSlugsSql("k.holder_id", { separator: ", " });

type Row = {
  id: string;
  title: string;
  detail: string;
  fix: string;
  holder_id?: string | null;
  holder_email?: string | null;
  total: number;
};

const DAY_MS = 86_400_000;

type KeyCategory =
  | "productionKeysHeldByIndividuals"
  | "keysHeldByDepartedUsers"
  | "keysThatWorkNowhere"
  | "keysExpiringSoon"
  | "unusedKeys";

type Counts = {
  active: number;
  production: number;
  departed: number;
  nowhere: number;
  expiring: number;
  unused: number;
};

/**
 * The key counts, in one statement that reads no more rows of the key table as keys grow: the
 * trigger-kept `risk_key_count` (unrevoked keys by environment, holder class, holder billing and
 * expiry day) summed over the days after today, plus today's still-active keys from the expiry
 * index; expiring keys the same way, the whole days of the window from `risk_key_count` and its
 * last, partial day from the expiry index; unused keys as the active ones less those used within
 * the window (from the activity index).
 */
function countsStatement(now: Date, options: RiskOptions): Sql {
  const todayStart = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const tomorrow = new Date(todayStart + DAY_MS);
  const todayDate = new Date(todayStart).toISOString().slice(0, 10);
  const tomorrowDate = tomorrow.toISOString().slice(0, 10);
  // Folds committed per-transaction rows into one per bucket (`risk_fold_key_counts`, run as its
  // owner: see the risk_fold_as_owner migration), rows another fold holds skipped. `active` reads
  // the statement's snapshot, taken before the fold, so it sums the same either way.
  const today = keyCountsSql(
    ["k.environment", "r.holder_class", "r.billing"],
    "join risk_holder r on r.holder_id = k.holder_id",
    sql`k.revoked_at is null and k.expires_at > ${now} and k.expires_at < ${tomorrow}`,
  );
  // The window (now, end]: today's keys and the whole days before end's day are in `active`
  // (today's under today's date); end's day, up to end, from the expiry index. A window ending
  // today is one range of that index.
  const end = new Date(now.getTime() + options.expiringWithinDays * DAY_MS);
  const endDayStart = new Date(Math.floor(end.getTime() / DAY_MS) * DAY_MS);
  const expiring =
    endDayStart < tomorrow
      ? countKeysSql(keyExpiresWithin(options.expiringWithinDays, now))
      : sql`((select coalesce(sum(n), 0) from active where expires_on < ${endDayStart.toISOString().slice(0, 10)}::date)
          + ${countKeysSql(sql`k.revoked_at is null and k.expires_at >= ${endDayStart} and k.expires_at <= ${end}`)})`;
  return sql`with today as (
      ${today}),
    active as (
      select environment, holder_class, billing, expires_on, n from risk_key_count where expires_on >= ${tomorrowDate}::date
      union all select environment, holder_class, billing, ${todayDate}::date, n from today)
    select
      risk_fold_key_counts() is null as folded,
      (select coalesce(sum(n), 0) from active)::int as active,
      (select coalesce(sum(n), 0) from active where environment = 'PRODUCTION' and holder_class = 'USER_ACTIVE')::int
        as production,
      -- Only active keys: a revoked or expired one works nowhere whoever holds it.
      (select coalesce(sum(n), 0) from active where holder_class = 'USER_DEPARTED')::int as departed,
      (select coalesce(sum(n), 0) from active where not billing)::int as nowhere,
      ${expiring}::int as expiring,
      ((select coalesce(sum(n), 0) from active)
        - ${countKeysSql(keyUsedWithin(options.unusedForDays, now))})::int as unused`;
}

/**
 * Folds the committed per-transaction rows of `risk_key_count` (into one per bucket) and of
 * `risk_group_count`, as reading the risks does: the scheduled job runs it so that the rows do not
 * pile up while nobody reads the risks.
 */
export async function foldRiskCounts(em: EntityManager): Promise<void> {
  await em.execute("select risk_fold_key_counts() is null as keys, risk_fold_group_count() is null as groups");
}

/**
 * The ownership risks DOMAIN.md names, each counted in full with its first items and the fix.
 * The key counts come from one statement over exact summaries and bounded index ranges
 * (`countsStatement`), each key category's items from an index walk that stops at `first`; groups
 * and services are counted with their items. Expiring and unused keys are the keys list's
 * `expiresWithinDays` and `unusedForDays` conditions, so a count here equals the `totalCount` of
 * the list filtered the same way.
 */
export async function findRisks(ctx: RequestContext, options: RiskOptions): Promise<Risks> {
  for (const [name, value, max] of [
    ["expiringWithinDays", options.expiringWithinDays, 3650],
    ["unusedForDays", options.unusedForDays, 3650],
    ["first", options.first, 500],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new DomainError(ErrorCode.OUT_OF_RANGE, `${name} must be between 0 and ${max}.`, name);
    }
  }
  const now = ctx.now;
  const active = keyIsActive(now);
  const query = <T extends object>(statement: Sql): Promise<T[]> => readRows<T>(ctx.em, statement);
  const toItems = (rows: Row[], subjectType: RiskItem["subjectType"]): RiskItem[] =>
    rows.map((r) => ({
      subjectType,
      subjectId: r.id,
      title: r.title,
      detail: r.detail,
      fix: r.fix,
      holderId: r.holder_id ?? null,
      holderEmail: r.holder_email ?? null,
    }));
  // Services, however many keys: counted with their items in one statement.
  const run = async (statement: Sql, subjectType: RiskItem["subjectType"]): Promise<RiskCategory> => {
    // The window count is taken before the limit, so one statement gives the full count too.
    const rows = await query<Row>(
      sql`select *, count(*) over ()::int as total from (${statement}) as r limit ${Math.max(options.first, 1)}`,
    );
    return { count: rows[0]?.total ?? 0, items: toItems(rows.slice(0, options.first), subjectType) };
  };
  const [counts] = (await query<Counts>(countsStatement(now, options))) as [Counts];
  // `detail` and `fix` are SQL expressions written below, never input. `parts` (disjoint, their
  // union every key of `where`) are walked each newest first and merged; the holders are read for
  // the page's keys only.
  const keyRow = (where: Sql, detail: string, fix: string, parts: Sql[] = []): Sql =>
    newestKeysWithHoldersSql(
      sql`k.id, k.name || ' (' || k.prefix || '…)' as title, ${new Sql(detail)} as detail, ${new Sql(fix)} as fix,
        h.id as holder_id, h.email as holder_email, k.created_at`,
      parts.length ? parts.map((part) => sql`${where} and ${part}`) : [where],
      options.first,
    );
  const keyCategories: [KeyCategory, number, Sql][] = [
    [
      "productionKeysHeldByIndividuals",
      counts.production,
      keyRow(
        sql`${active} and k.environment = 'PRODUCTION' and ${keyHolderIsUser("ACTIVE")}`,
        "'A production key held by ' || h.email || ', a person.'",
        "'Reassign it to a group email that is a Billing collaborator where it works, so it keeps working there.'",
      ),
    ],
    [
      "keysHeldByDepartedUsers",
      counts.departed,
      keyRow(
        sql`${active} and ${keyHolderIsUser("DEPARTED")}`,
        `'Held by ' || h.email || ', who has left; ' || coalesce('it still works on ' || ${BILLING_SERVICES} || '.',
          'it works nowhere, as ' || h.email || ' is a Billing collaborator on no service.')`,
        "'Offboard ' || h.email || ': the key passes to a group email, keeping where it works, or is revoked.'",
      ),
    ],
    [
      "keysThatWorkNowhere",
      counts.nowhere,
      keyRow(
        sql`${active} and ${holderBillingNowhere(counts.nowhere, counts.active, options.first)}`,
        "'Active, but ' || h.email || ' is a Billing collaborator on no service.'",
        "'Make ' || h.email || ' a Billing collaborator where the key is used, or revoke it.'",
      ),
    ],
    [
      "keysExpiringSoon",
      counts.expiring,
      keyRow(
        keyExpiresWithin(options.expiringWithinDays, now),
        "'Expires on ' || to_char(k.expires_at at time zone 'UTC', 'YYYY-MM-DD') || '.'",
        "'Rotate it or extend its expiry before then.'",
      ),
    ],
    [
      "unusedKeys",
      counts.unused,
      keyRow(
        keyUnusedFor(options.unusedForDays, now),
        "coalesce('Last used on ' || to_char(k.last_used_at at time zone 'UTC', 'YYYY-MM-DD') || '.', 'Never used.')",
        "'Revoke it if nothing uses it any more.'",
        // The newest unused keys from the window's start, not a walk past every key created within it.
        keyUnusedForParts(options.unusedForDays, now),
      ),
    ],
  ];
  // Keys: the counts are known; the first items of every category that has any come from index
  // walks that stop at the limit, all in one statement.
  const wanted = options.first ? keyCategories.filter(([, count]) => count > 0) : [];
  const itemRows = wanted.length
    ? await query<Row & { category: number }>(
        sql`select * from (${joinSql(
          wanted.map(([, , row], i) => sql`(select ${i}::int as category, r.* from (${row}) r)`),
          " union all ",
        )}) items order by category, created_at desc, id desc`,
      )
    : [];
  const keyRisks = Object.fromEntries(
    keyCategories.map(([name, count]) => {
      const i = wanted.findIndex(([wantedName]) => wantedName === name);
      return [
        name,
        {
          count,
          items: toItems(
            itemRows.filter((r) => r.category === i),
            RiskSubjectType.API_KEY,
          ),
        },
      ];
    }),
  ) as Record<KeyCategory, RiskCategory>;
  return {
    ...keyRisks,
    // From the trigger-kept `risk_group` (exact: see the risk_group_members migration): the items
    // from its partial index of the groups at risk, by email, stopping at the limit; the count from
    // `risk_group_count` (the risk_group_count migration), a few rows however many groups are at
    // risk, whose committed per-transaction rows the same statement folds (the sum reads the
    // statement's snapshot, taken before the fold).
    groupEmailsWithFewMembers: await (async () => {
      const few = `g.active_members < ${HEALTHY_GROUP_MIN_ACTIVE_MEMBERS}`;
      const rows = await query<Row>(
        new Sql(`select g.group_id as id, g.email as title,
            g.active_members || case when g.active_members = 1 then ' active member.' else ' active members.' end as detail,
            'Add active members: a group needs at least ${HEALTHY_GROUP_MIN_ACTIVE_MEMBERS} to survive a leaver.' as fix,
            (select sum(n) from risk_group_count)::int as total, (select risk_fold_group_count() is null) as folded
           from risk_group g where ${few} order by g.email limit ${Math.max(options.first, 1)}`),
      );
      return { count: rows[0]?.total ?? 0, items: toItems(rows.slice(0, options.first), RiskSubjectType.GROUP_EMAIL) };
    })(),
    // From the trigger-kept `risk_service` (exact: see the risk_service_works migration): a live
    // service with Billing collaborators has no working key now exactly when the latest time until
    // which one of its Billing holders' keys is active is at or before now. Its index lists them
    // with their slugs (index only), however many keys and services there are.
    servicesWithoutWorkingKey: await run(
      sql`select r.service_id as id, r.slug as title, 'Has Billing collaborators, but no key works on it.' as detail,
          'Issue a key to one of its Billing collaborators, or check for revoked and expired keys.' as fix
         from risk_service r
        where r.works_until <= ${now}
        order by r.slug`,
      RiskSubjectType.SERVICE,
    ),
  };
}
