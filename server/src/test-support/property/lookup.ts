import type { TestDatabase } from "../database.js";

/** What the database holds now, each list in an order that a replay of the same run reproduces. */
export interface Lookup {
  /** Users and group emails by email, without the test accounts that drive the API. */
  holders: { id: string; email: string; kind: "USER" | "GROUP"; status: string | null }[];
  /** Users only (active and departed), by email. */
  users: { id: string; email: string; status: string | null }[];
  groups: { id: string; email: string }[];
  /** Keys by name; `works` when the key works on at least one service now. */
  keys: { id: string; name: string; version: number; revoked: boolean; holderId: string; works: boolean }[];
  services: { id: string; slug: string }[];
  /** Collaborators by service slug, holder email and role. */
  collaborators: { id: string }[];
}

/** Reads the current lists with SQL. */
export async function lookup(db: TestDatabase): Promise<Lookup> {
  const em = db.em();
  const [holders, keys, services, collaborators, worksOn] = await Promise.all([
    em.execute<Lookup["holders"]>(
      "select id, email, kind, status from holder where email not like '%@keyholder.test' order by email",
    ),
    em.execute<{ id: string; name: string; version: number; revoked: boolean; holder_id: string }[]>(
      "select id, name, version, revoked_at is not null as revoked, holder_id from api_key order by name",
    ),
    em.execute<Lookup["services"]>("select id, slug from service order by slug"),
    em.execute<Lookup["collaborators"]>(
      `select c.id from collaborator c join service s on s.id = c.service_id join holder h on h.id = c.holder_id
        order by s.slug, h.email, c.role`,
    ),
    worksOnBySql(db),
  ]);
  return {
    holders,
    users: holders.filter((h) => h.kind === "USER"),
    groups: holders.filter((h) => h.kind === "GROUP"),
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      version: k.version,
      revoked: k.revoked,
      holderId: k.holder_id,
      works: !!worksOn.get(k.id)?.length,
    })),
    services,
    collaborators,
  };
}

/** The `n`-th item, wrapping around; undefined when the list is empty. */
export function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length ? list[n % list.length] : undefined;
}

/**
 * Where each key works now by the two-hop rule, computed in SQL independently of the API: the key
 * is active and its holder is a BILLING collaborator on a live service. Slugs sorted.
 */
export async function worksOnBySql(db: TestDatabase, holderId?: string): Promise<Map<string, string[]>> {
  const rows = await db.em().execute<{ id: string; slugs: string[] }[]>(
    `select k.id, coalesce(array_agg(s.slug order by s.slug) filter (where s.id is not null), '{}') as slugs
       from api_key k
       left join collaborator c on c.holder_id = k.holder_id and c.role = 'BILLING'
        and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
       left join service s on s.id = c.service_id and s.archived_at is null
      where (?::uuid is null or k.holder_id = ?::uuid)
      group by k.id`,
    [holderId ?? null, holderId ?? null],
  );
  return new Map(rows.map((r) => [r.id, r.slugs]));
}
