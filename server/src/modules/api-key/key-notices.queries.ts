import type { EntityManager } from "@mikro-orm/postgresql";
import { liveBillingSql } from "./where-key-works.js";

// What notices and webhook events read about keys, named for what they answer: the key table is
// read here only (see api-key.queries.ts). Days are UTC calendar days, `YYYY-MM-DD`.

/** A key as a notice describes it, with its holder. */
export interface KeyForNotice {
  id: string;
  name: string;
  prefix: string;
  environment: string;
  expires_at: Date;
  holder_kind: string;
  holder_email: string;
}

/**
 * Unrevoked keys that expire during the day `days` days after `today`, for each of `days`, in
 * one statement: at most `limit` rows (a key and one of its days), by key id, after the key id
 * `after`.
 */
export function keysExpiringInDays(
  em: EntityManager,
  page: { days: readonly number[]; today: string; after: string; limit: number },
): Promise<(KeyForNotice & { days: number })[]> {
  return em.execute(
    `select k.id, k.name, k.prefix, k.environment, k.expires_at, h.kind as holder_kind, h.email as holder_email, d.days
       from unnest(?::int[]) as d(days)
       join api_key k on k.revoked_at is null
        and k.expires_at >= ?::date + d.days and k.expires_at < ?::date + d.days + 1
       join holder h on h.id = k.holder_id
      where k.id > ?::uuid
      order by k.id limit ?`,
    [`{${page.days.join(",")}}`, page.today, page.today, page.after, page.limit],
  );
}

/**
 * Unrevoked keys that expired during the day before `today`, by id, each with `orphaned`: the
 * slugs of the services its holder's keys worked on (`liveBillingSql`) where no key works any more
 * (no key active at `today` whose holder is Billing there).
 */
export function keysExpiredTheDayBefore(
  em: EntityManager,
  today: string,
): Promise<(KeyForNotice & { orphaned: string[] })[]> {
  return em.execute(
    `select k.id, k.name, k.prefix, k.environment, k.expires_at, h.kind as holder_kind, h.email as holder_email,
            coalesce((select array_agg(s.slug order by s.slug)
               ${liveBillingSql({ holder: "k.holder_id" })}
                and not exists (
                  select from api_key o
                   where o.revoked_at is null and (o.expires_at is null or o.expires_at > ?::date)
                     and o.holder_id in (select oc.holder_id ${liveBillingSql({ c: "oc", s: "os", service: "c.service_id" })}))), '{}') as orphaned
       from api_key k join holder h on h.id = k.holder_id
      where k.revoked_at is null and k.expires_at >= ?::date - 1 and k.expires_at < ?::date
      order by k.id`,
    [today, today, today],
  );
}

/** The counts of the weekly risk digest: unrevoked keys by risk, at the day `today`. */
export async function keyRiskCounts(
  em: EntityManager,
  today: string,
): Promise<{ individual_prod: string; expiring: string; departed: string; expired: string } | undefined> {
  const [row] = await em.execute<{ individual_prod: string; expiring: string; departed: string; expired: string }[]>(
    `select
       count(*) filter (where k.environment = 'PRODUCTION' and h.kind = 'USER' and h.status = 'ACTIVE') as individual_prod,
       count(*) filter (where k.expires_at >= ?::date and k.expires_at < ?::date + 30) as expiring,
       count(*) filter (where h.kind = 'USER' and h.status = 'DEPARTED') as departed,
       count(*) filter (where k.expires_at < ?::date) as expired
     from api_key k join holder h on h.id = k.holder_id where k.revoked_at is null`,
    [today, today, today],
  );
  return row;
}

/** A key as a change's notice describes it: its state and its holder (with id). */
export interface ChangedKey {
  id: string;
  name: string;
  prefix: string;
  environment: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  previous_secret_expires_at: Date | null;
  holder_id: string;
  holder_kind: string;
  holder_email: string;
}

/** These keys (those that exist), by id, with their holders. */
export function changedKeys(em: EntityManager, ids: readonly string[]): Promise<ChangedKey[]> {
  return em.execute<ChangedKey[]>(
    `select k.id, k.name, k.prefix, k.environment, k.expires_at, k.revoked_at, k.previous_secret_expires_at,
            h.id as holder_id, h.kind as holder_kind, h.email as holder_email
       from api_key k join holder h on h.id = k.holder_id where k.id = any(?::uuid[]) order by k.id`,
    [`{${ids.join(",")}}`],
  );
}

/**
 * The keys that the `api_key.reassigned` audit events of one request (`requestId`, recorded at
 * `occurredAt`) left with group emails: per group email, by email, its keys as `name (prefix…)`.
 */
export function keysReassignedToGroups(
  em: EntityManager,
  requestId: string | null,
  occurredAt: Date,
): Promise<{ group_email: string; keys: string[] }[]> {
  return em.execute(
    `select h.email as group_email, array_agg(k.name || ' (' || k.prefix || '…)' order by k.name) as keys
       from audit_event r cross join lateral unnest(coalesce(r.subject_ids, array[r.subject_id::uuid])) as s(key_id)
       join api_key k on k.id = s.key_id join holder h on h.id = k.holder_id and h.kind = 'GROUP'
      where r.action = 'api_key.reassigned' and r.request_id is not distinct from ? and r.occurred_at = ?
      group by h.email order by h.email`,
    [requestId, occurredAt],
  );
}
