import pg from "pg";

/** How much data the seed creates. */
export interface SeedSize {
  holders: number;
  services: number;
  keys: number;
}

/** The size the keys-page scenario is specified for. */
export const KEYS_PAGE_SIZE: SeedSize = { holders: 10_000, services: 1_000, keys: 100_000 };

/**
 * A deterministic UUID from a text expression, shaped like a version-4 UUID (like the ones the
 * server mints), so that rows can refer to each other by number without a lookup join.
 */
export function uuidOf(textExpr: string): string {
  return `overlay(overlay(md5(${textExpr}) placing '4' from 13) placing '8' from 17)::uuid`;
}

/**
 * Set-based seed statements (generate_series, no round trip per row), honouring the schema's
 * CHECK constraints: lower-case emails, USER rows with a status and GROUP rows without,
 * 64-hex-digit unique digests, revocation reason iff revoked.
 */
function seedStatements({ holders, services, keys }: SeedSize): string[] {
  return [
    // One in five holders is a group email; one user in thirteen has departed.
    `insert into holder (id, kind, email, name, status, departed_at, created_at, updated_at)
     select ${uuidOf("'h' || n")},
            case when n % 5 = 0 then 'GROUP' else 'USER' end,
            case when n % 5 = 0 then 'team' else 'user' end || n || '@agency' || (n % 20) || '.gov.example',
            case when n % 5 = 0 then 'Team ' else 'Person ' end || n,
            case when n % 5 = 0 then null when n % 13 = 0 then 'DEPARTED' else 'ACTIVE' end,
            case when n % 5 <> 0 and n % 13 = 0 then now() - interval '30 days' end,
            now() - make_interval(mins => n), now() - make_interval(mins => n)
     from generate_series(1, ${holders}) n`,

    // One service in 25 is archived: keys never work on it.
    `insert into service (id, slug, name, archived_at, created_at, updated_at)
     select ${uuidOf("'s' || n")}, 'service-' || n, 'Service ' || n,
            case when n % 25 = 0 then now() - interval '90 days' end,
            now() - make_interval(hours => n), now() - make_interval(hours => n)
     from generate_series(1, ${services}) n`,

    // Each holder is BILLING on 2 to 5 distinct services (j * 211 is distinct modulo 1000 for
    // j < 5), so a typical active key works on 2 to 5 services.
    `insert into collaborator (id, service_id, holder_id, role)
     select ${uuidOf("'cb' || h || '-' || j")},
            ${uuidOf(`'s' || ((h * 37 + j * 211) % ${services} + 1)`)},
            ${uuidOf("'h' || h")}, 'BILLING'
     from generate_series(1, ${holders}) h, generate_series(0, 4) j
     where j <= 1 + h % 4`,

    // Other roles, which the two-hop rule must ignore.
    `insert into collaborator (id, service_id, holder_id, role)
     select ${uuidOf("'cv' || h")}, ${uuidOf(`'s' || ((h * 53) % ${services} + 1)`)}, ${uuidOf("'h' || h")},
            case when h % 2 = 0 then 'VIEWER' else 'ADMIN' end
     from generate_series(1, ${holders}) h
     where h % 3 = 0`,

    // Keys: n = keys is the newest, two days old, then one every ~10 minutes going back ~2 years.
    // Each holder gets keys/holders keys (7919 is prime, so n -> holder is a permutation).
    // One key in 11 is revoked; one in 8 expired a day after creation; one in 8 expires later.
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at,
                          expires_at, revoked_at, revoked_reason, last_used_at)
     select ${uuidOf("'k' || n")}, 'Key ' || n || ' for ' || env, env,
            ${uuidOf(`'h' || ((n::bigint * 7919) % ${holders} + 1)`)},
            case env when 'PRODUCTION' then 'kh_live_' else 'kh_test_' end || substr(md5('p' || n), 1, 6),
            encode(sha256(('secret-' || n)::bytea), 'hex'),
            created, created,
            case n % 8 when 0 then created + interval '1 day' when 4 then now() + make_interval(days => 1 + n % 365) end,
            case when n % 11 = 0 then created + interval '1 day' end,
            case when n % 11 = 0 then 'rotated out' end,
            case when n % 3 = 0 then created + interval '1 hour' end
     from generate_series(1, ${keys}) n,
          lateral (select case when n % 3 = 0 then 'STAGING' else 'PRODUCTION' end as env,
                          date_trunc('milliseconds', now() - interval '2 days'
                            - make_interval(secs => (${keys} - n) * 600 + (n * 17) % 500)) as created) k`,
  ];
}

/**
 * Fills an empty, migrated database in one transaction, then refreshes planner statistics.
 *
 * Two things keep a million keys to minutes. The secondary indexes of holders, collaborators and
 * keys are dropped before their rows are loaded and re-created after (one sort per index instead
 * of one insertion per row; primary and unique keys stay, so the load is still checked). And the collaborators are inserted with the
 * risk summaries' collaborator trigger off, then every holder's billing flag is recomputed once
 * with the trigger's own function: fired by the insert, that trigger recomputed each holder with
 * a scan of the not yet analysed collaborator table, which grew with the square of the holders.
 * The summary of until when keys work per holder and service is left to no trigger during the load
 * (fired by the key insert, it would recompute every holder's latest expiry before the index that
 * finds it exists) and computed once after it, set-based, by the function a truncate calls; so is
 * the keys list's count of keys (`api_key_count_rebuild()`, one grouping of the keys).
 */
export async function seed(url: string, size: SeedSize): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    // A throwaway database: durability of the seed does not matter, speed does.
    await client.query("set local synchronous_commit = off");
    await client.query("set local maintenance_work_mem = '256MB'");
    const registryIndexes = await dropSecondaryIndexes(client, ["holder", "collaborator"]);
    const keyIndexes = await dropSecondaryIndexes(client, ["api_key"]);
    const [holders, services, billing, otherRoles, keys] = seedStatements(size) as [
      string,
      string,
      string,
      string,
      string,
    ];
    for (const [table, trigger] of WORKS_TRIGGERS)
      await client.query(`alter table ${table} disable trigger ${trigger}`);
    await client.query(holders);
    await client.query(services);
    await client.query(`alter table collaborator disable trigger ${COLLABORATOR_RISK_TRIGGER}`);
    await client.query(billing);
    await client.query(otherRoles);
    await client.query(`alter table collaborator enable trigger ${COLLABORATOR_RISK_TRIGGER}`);
    for (const definition of registryIndexes) await client.query(definition);
    await client.query("analyze holder, service, collaborator, risk_holder");
    await client.query("select risk_refresh_billing(array(select id from holder))");
    await client.query(keys);
    for (const definition of keyIndexes) await client.query(definition);
    await client.query("select risk_works_rebuild()");
    await client.query("select api_key_count_rebuild()");
    for (const [table, trigger] of WORKS_TRIGGERS) await client.query(`alter table ${table} enable trigger ${trigger}`);
    await client.query("commit");
    await client.query("analyze");
  } finally {
    await client.end();
  }
}

/** The trigger that keeps `risk_holder.billing` as collaborators are written (migration `risk_summaries`). */
const COLLABORATOR_RISK_TRIGGER = "risk_collaborator_inserted";

/** The triggers that keep `risk_holder_works` and `risk_service` (migration `risk_service_works`). */
const WORKS_TRIGGERS = [
  ["holder", "risk_works_holder_inserted"],
  ["service", "risk_works_service_inserted"],
  ["collaborator", "risk_works_collaborator_inserted"],
  ["api_key", "risk_works_api_key_inserted"],
  // The keys list's count of keys (migration `api_key_counts`), rebuilt once after the load.
  ["api_key", "api_key_count_inserted"],
] as const;

/**
 * Drops the indexes of `tables` that back no constraint and returns their definitions, to
 * re-create after the load. Read from the catalog, so whatever indexes the migrations define are
 * the ones rebuilt.
 */
async function dropSecondaryIndexes(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i
      where i.indrelid = any ($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const { name } of rows) await client.query(`drop index ${name}`);
  return rows.map((r) => r.definition);
}
