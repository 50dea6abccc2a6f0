import pg from "pg";
import { provisionAccessToken } from "./auth.ts";
import { uuidOf } from "./seed.ts";

/** The services every fixture leaver is BILLING on, so each of their active keys works on all of them. */
export const OFFBOARD_SERVICES = 500;
/** Each target group email is already BILLING on this many of them; offboarding adds the rest. */
export const TARGET_BILLING = 250;

/** One leaver and the group email their keys go to. */
export interface Leaver {
  label: string;
  userId: string;
  email: string;
  targetId: string;
  targetEmail: string;
  keys: number;
}

/** The people the scenario offboards (through the API) or moves with a raw UPDATE (the baseline). */
export interface OffboardFixture {
  /** Offboarded through the API, one per measured round. */
  measured: Leaver[];
  /** Moved by the raw baseline UPDATE, one per measured round. */
  baseline: Leaver[];
  /** Offboarded through the API with fewer keys: the warm-up, and the statement count to compare. */
  small: Leaver[];
  /** Moved by the raw UPDATE before measuring, to warm its connection and plans up. */
  smallBaseline: Leaver[];
}

/**
 * Adds the leavers to a seeded database with set-based SQL (one statement per table, no round
 * trip per row): `OFFBOARD_SERVICES` services `offboard-svc-<n>`; per leaver an ACTIVE user who
 * is BILLING on all of them (and ADMIN on a few, and a member of their target group), and a
 * target group email BILLING on the first `TARGET_BILLING`; then the keys. Keys of the 10k-key
 * leavers are interleaved (key n belongs to leaver n mod count), so the API's and the
 * baseline's rows are spread over the same heap pages alike. Per leaver, one key in 20 is revoked, one in
 * 20 expired, one in 10 STAGING, so every offboarding takes the same paths.
 */
export async function seedOffboardFixture(
  url: string,
  { rounds, keys, smallKeys, warmups }: { rounds: number; keys: number; smallKeys: number; warmups: number },
): Promise<OffboardFixture> {
  const big: { label: string; keys: number }[] = [];
  for (let r = 1; r <= rounds; r++) big.push({ label: `kh${r}`, keys }, { label: `base${r}`, keys });
  const small: { label: string; keys: number }[] = [];
  for (let w = 1; w <= warmups; w++)
    small.push({ label: `small${w}`, keys: smallKeys }, { label: `smallbase${w}`, keys: smallKeys });
  const all = [...big, ...small];
  const labels = all.map((l) => l.label);

  const client = new pg.Client({ connectionString: url, application_name: "kh-bench-seed" });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("set local synchronous_commit = off");
    await client.query(
      `insert into service (id, slug, name)
       select ${uuidOf("'ob-svc-' || n")}, 'offboard-svc-' || n, 'Offboarding service ' || n
       from generate_series(1, ${OFFBOARD_SERVICES}) n`,
    );
    await client.query(
      `insert into holder (id, kind, email, name, status)
       select ${uuidOf("'ob-user-' || l")}, 'USER', 'leaver-' || l || '@bench.gov.example', 'Leaver ' || l, 'ACTIVE'
       from unnest($1::text[]) l
       union all
       select ${uuidOf("'ob-target-' || l")}, 'GROUP', 'successors-' || l || '@bench.gov.example', 'Successors ' || l, null
       from unnest($1::text[]) l`,
      [labels],
    );
    await client.query(
      `insert into group_membership (group_id, user_id)
       select ${uuidOf("'ob-target-' || l")}, ${uuidOf("'ob-user-' || l")} from unnest($1::text[]) l`,
      [labels],
    );
    await client.query(
      `insert into collaborator (id, service_id, holder_id, role)
       select gen_random_uuid(), ${uuidOf("'ob-svc-' || n")}, ${uuidOf("'ob-user-' || l")}, 'BILLING'
       from unnest($1::text[]) l, generate_series(1, ${OFFBOARD_SERVICES}) n
       union all
       select gen_random_uuid(), ${uuidOf("'ob-svc-' || n")}, ${uuidOf("'ob-user-' || l")}, 'ADMIN'
       from unnest($1::text[]) l, generate_series(1, 5) n
       union all
       select gen_random_uuid(), ${uuidOf("'ob-svc-' || n")}, ${uuidOf("'ob-target-' || l")}, 'BILLING'
       from unnest($1::text[]) l, generate_series(1, ${TARGET_BILLING}) n`,
      [labels],
    );
    // The 10k-key leavers' keys interleaved; then the two small leavers' keys, interleaved too.
    for (const [tag, group] of [
      ["big", big],
      ["small", small],
    ] as const) {
      const count = group.length;
      const total = group.reduce((sum, l) => sum + l.keys, 0);
      await client.query(
        `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at,
                              expires_at, revoked_at, revoked_reason)
         select gen_random_uuid(), 'Offboarding key ' || $3 || ' ' || n, case when m % 10 = 3 then 'STAGING' else 'PRODUCTION' end,
                ${uuidOf("'ob-user-' || ($1::text[])[n % $2 + 1]")},
                case when m % 10 = 3 then 'kh_test_' else 'kh_live_' end || substr(md5('ob-p-' || $3 || n), 1, 6),
                encode(sha256(('ob-secret-' || $3 || '-' || n)::bytea), 'hex'),
                now() - make_interval(mins => n), now() - make_interval(mins => n),
                case when m % 20 = 7 then now() - interval '1 day' end,
                case when m % 20 = 11 then now() - interval '2 days' end,
                case when m % 20 = 11 then 'compromised' end
         from generate_series(0, ${total - 1}) n, lateral (select n / $2 as m) per_leaver`,
        [group.map((l) => l.label), count, tag],
      );
    }
    await client.query("commit");
    await client.query("vacuum analyze");
    const { rows } = await client.query<{ label: string; user_id: string; target_id: string; keys: number }>(
      `select l as label, ${uuidOf("'ob-user-' || l")} as user_id, ${uuidOf("'ob-target-' || l")} as target_id,
              (select count(*)::int from api_key where holder_id = ${uuidOf("'ob-user-' || l")}) as keys
       from unnest($1::text[]) l`,
      [labels],
    );
    const leavers = new Map(
      rows.map((row) => [
        row.label,
        {
          label: row.label,
          userId: row.user_id,
          email: `leaver-${row.label}@bench.gov.example`,
          targetId: row.target_id,
          targetEmail: `successors-${row.label}@bench.gov.example`,
          keys: row.keys,
        } satisfies Leaver,
      ]),
    );
    const leaver = (label: string) => {
      const found = leavers.get(label);
      const expected = all.find((l) => l.label === label)?.keys;
      if (!found || found.keys !== expected) {
        throw new Error(`seed: leaver ${label} holds ${found?.keys ?? 0} keys, not ${expected}`);
      }
      return found;
    };
    return {
      measured: big.filter((l) => l.label.startsWith("kh")).map((l) => leaver(l.label)),
      baseline: big.filter((l) => l.label.startsWith("base")).map((l) => leaver(l.label)),
      small: small.filter((l) => !l.label.startsWith("smallbase")).map((l) => leaver(l.label)),
      smallBaseline: small.filter((l) => l.label.startsWith("smallbase")).map((l) => leaver(l.label)),
    };
  } finally {
    await client.end();
  }
}

/** An OPERATOR access token (offboarding needs OPERATOR), as the `Authorization` value. */
export async function provisionOperatorToken(databaseUrl: string): Promise<string> {
  const token = await provisionAccessToken(databaseUrl, "OPERATOR");
  if (!token) throw new Error("the schema has no access tokens");
  return token;
}
