import { onQuery } from "../../db/sql-counter.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { numbered, Sql, sql } from "../../shared/sql.js";
import { keyExpiresWithin, keyIsActive, keyUnusedFor } from "../api-key/api-key.conditions.js";
import { HEALTHY_GROUP_MIN_ACTIVE_MEMBERS } from "../group-email/group-email.entity.js";

/** One thing at risk, with what would fix it. */
export interface RiskItem {
  subjectType: "ApiKey" | "GroupEmail" | "Service";
  subjectId: string;
  title: string;
  detail: string;
  fix: string;
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

const BILLING_SOMEWHERE = new Sql(`exists (select 1 from collaborator c join service s on s.id = c.service_id
  where c.holder_id = k.holder_id and c.role = 'BILLING' and s.archived_at is null)`);

type Row = { id: string; title: string; detail: string; fix: string; total: number };

/**
 * The ownership risks DOMAIN.md names, each counted in full with its first items and the fix.
 * One statement per category, each backed by the key and holder indexes. Expiring and unused
 * keys are the keys list's `expiresWithinDays` and `unusedForDays` conditions, so a count here
 * equals the `totalCount` of the list filtered the same way.
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
  const pool = await ctx.em.getConnection().getNativeClient();
  const now = ctx.now;
  const active = keyIsActive(now);
  const run = async (query: Sql, subjectType: RiskItem["subjectType"]): Promise<RiskCategory> => {
    // The window count is taken before the limit, so one statement gives the full count too.
    const { text, values } = numbered(
      sql`select *, count(*) over ()::int as total from (${query}) as r limit ${Math.max(options.first, 1)}`,
    );
    onQuery(text);
    const { rows } = await pool.query<Row>(text, values);
    return {
      count: rows[0]?.total ?? 0,
      items: rows
        .slice(0, options.first)
        .map((r) => ({ subjectType, subjectId: r.id, title: r.title, detail: r.detail, fix: r.fix })),
    };
  };
  // `detail` and `fix` are SQL expressions written below, never input.
  const keyRow = (where: Sql, detail: string, fix: string) => sql`
    select k.id, k.name || ' (' || k.prefix || '…)' as title, ${new Sql(detail)} as detail, ${new Sql(fix)} as fix
      from api_key k join holder h on h.id = k.holder_id where ${where} order by k.created_at desc, k.id desc`;
  return {
    productionKeysHeldByIndividuals: await run(
      keyRow(
        sql`${active} and k.environment = 'PRODUCTION' and h.kind = 'USER' and h.status = 'ACTIVE'`,
        "'A production key held by ' || h.email || ', a person.'",
        "'Reassign it to a group email that is a Billing collaborator where it works, so it keeps working there.'",
      ),
      "ApiKey",
    ),
    keysHeldByDepartedUsers: await run(
      keyRow(
        new Sql("k.revoked_at is null and h.kind = 'USER' and h.status = 'DEPARTED'"),
        "'Held by ' || h.email || ', who has left; the key still works.'",
        "'Reassign it to a group email, or revoke it.'",
      ),
      "ApiKey",
    ),
    keysThatWorkNowhere: await run(
      keyRow(
        sql`${active} and not ${BILLING_SOMEWHERE}`,
        "'Active, but ' || h.email || ' is a Billing collaborator on no service.'",
        "'Make ' || h.email || ' a Billing collaborator where the key is used, or revoke it.'",
      ),
      "ApiKey",
    ),
    keysExpiringSoon: await run(
      keyRow(
        keyExpiresWithin(options.expiringWithinDays, now),
        "'Expires on ' || to_char(k.expires_at at time zone 'UTC', 'YYYY-MM-DD') || '.'",
        "'Rotate it or extend its expiry before then.'",
      ),
      "ApiKey",
    ),
    unusedKeys: await run(
      keyRow(
        keyUnusedFor(options.unusedForDays, now),
        "coalesce('Last used on ' || to_char(k.last_used_at at time zone 'UTC', 'YYYY-MM-DD') || '.', 'Never used.')",
        "'Revoke it if nothing uses it any more.'",
      ),
      "ApiKey",
    ),
    groupEmailsWithFewMembers: await run(
      new Sql(`select g.id, g.email as title,
          a.n || case when a.n = 1 then ' active member.' else ' active members.' end as detail,
          'Add active members: a group needs at least ${HEALTHY_GROUP_MIN_ACTIVE_MEMBERS} to survive a leaver.' as fix
         from holder g cross join lateral (
           select count(*)::int as n from group_membership m join holder u on u.id = m.user_id
            where m.group_id = g.id and u.status = 'ACTIVE') a
        where g.kind = 'GROUP' and a.n < ${HEALTHY_GROUP_MIN_ACTIVE_MEMBERS} order by g.email`),
      "GroupEmail",
    ),
    servicesWithoutWorkingKey: await run(
      sql`select s.id, s.slug as title, 'Has Billing collaborators, but no key works on it.' as detail,
          'Issue a key to one of its Billing collaborators, or check for revoked and expired keys.' as fix
         from service s
        where s.archived_at is null
          and exists (select 1 from collaborator c where c.service_id = s.id and c.role = 'BILLING')
          and not exists (select 1 from collaborator c join api_key k on k.holder_id = c.holder_id
            where c.service_id = s.id and c.role = 'BILLING' and ${active})
        order by s.slug`,
      "Service",
    ),
  };
}
