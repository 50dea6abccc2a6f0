import pg from "pg";
import { uuidOf } from "./seed.ts";
import { serverModule } from "./server-module.ts";

/** What the server's modules/api-key/api-key.secret.js exports (loaded at run time). */
interface ApiKeySecretModule {
  mintSecret(environment: "PRODUCTION" | "STAGING"): { secret: string; digest: string; prefix: string };
}

/** A key the bench can verify: its plaintext secret is known only to the bench and the database's digest. */
export interface KnownKey {
  secret: string;
  environment: "PRODUCTION" | "STAGING";
}

/** The keys to verify, and the service on which each of them works. */
export interface VerifyFixture {
  serviceSlug: string;
  holders: number;
  keys: KnownKey[];
}

/** The service every fixture key works on. */
const SERVICE_SLUG = "bench-verify";

/**
 * Adds keys whose secrets the bench knows to a seeded database: `keys` active keys (three in four
 * PRODUCTION), spread over `holders` holders (one in five a group email) who are each a BILLING
 * collaborator on the service `bench-verify` and on two to three of the seeded `service-<n>`
 * services, so verifying any of them on `bench-verify` answers VALID. The secrets are minted
 * with the server's own code (prefix, random part, CRC32 tail) and only their digests stored,
 * exactly as the API does; set-based inserts, one round trip per table.
 */
export async function seedVerifyFixture(
  url: string,
  { keys, holders, services }: { keys: number; holders: number; services: number },
): Promise<VerifyFixture> {
  const { mintSecret } = await serverModule<ApiKeySecretModule>("modules/api-key/api-key.secret");
  const known: KnownKey[] = [];
  const environments: string[] = [];
  const prefixes: string[] = [];
  const digests: string[] = [];
  for (let i = 0; i < keys; i++) {
    const environment = i % 4 === 3 ? "STAGING" : "PRODUCTION";
    const minted = mintSecret(environment);
    known.push({ secret: minted.secret, environment });
    environments.push(environment);
    prefixes.push(minted.prefix);
    digests.push(minted.digest);
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("set local synchronous_commit = off");
    await client.query(
      `insert into service (id, slug, name) values (gen_random_uuid(), $1, 'Bench verification service')`,
      [SERVICE_SLUG],
    );
    await client.query(
      `insert into holder (id, kind, email, name, status)
       select ${uuidOf("'vh' || n")},
              case when n % 5 = 0 then 'GROUP' else 'USER' end,
              'verify-holder-' || n || '@bench.gov.example', 'Verify holder ' || n,
              case when n % 5 = 0 then null else 'ACTIVE' end
       from generate_series(1, ${holders}) n`,
    );
    // BILLING on bench-verify and on 2 or 3 seeded services, so the cached slug set is realistic.
    await client.query(
      `insert into collaborator (id, service_id, holder_id, role)
       select gen_random_uuid(), s.id, ${uuidOf("'vh' || n")}, 'BILLING'
       from generate_series(1, ${holders}) n
       join service s on s.slug = $1
                      or s.slug in ('service-' || (n * 7 % ${services} + 1), 'service-' || (n * 13 % ${services} + 1))
                      or (n % 2 = 0 and s.slug = 'service-' || (n * 17 % ${services} + 1))`,
      [SERVICE_SLUG],
    );
    await client.query(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
       select gen_random_uuid(), 'Bench verify key ' || ord, env,
              ${uuidOf(`'vh' || (ord % ${holders} + 1)`)}, prefix, digest
       from unnest($1::text[], $2::text[], $3::text[]) with ordinality as u(env, prefix, digest, ord)`,
      [environments, prefixes, digests],
    );
    await client.query("commit");
    await client.query("analyze");
  } finally {
    await client.end();
  }
  return { serviceSlug: SERVICE_SLUG, holders, keys: known };
}
