/**
 * The baseline for the keys-page scenario: the least a Node server can do to answer the same
 * request. A bare `node:http` server reads the POSTed JSON and answers with one prepared `pg`
 * statement whose rows are mapped to exactly the JSON the GraphQL API returns. When the request
 * carries a bearer token it is checked first, with one more prepared statement, and remembered
 * for a while as the API's token cache does. Run as a child process by the bench:
 * `node baseline-server.ts` with DATABASE_URL, HOST and PORT.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { readBody, send, serve } from "./baseline-http.ts";

const PAGE_SIZE = 50;

/**
 * The 50 newest keys with their holder, and the services each works on: the key is active (not
 * revoked, not past expiry at $1) and its holder is a BILLING collaborator on a service that is
 * not archived, ordered by slug. Status uses the same rule as the server: revocation wins.
 *
 * Written so the plan is the cheap one even as a generic prepared plan: ORDER BY + LIMIT on the
 * join walks api_key_created_idx backwards with one holder_pkey probe per key, and `offset 0`
 * stops the planner from flattening the service lookup into a hash join that scans all services
 * once per key (it estimates that as cheaper; measured 4x slower).
 */
const KEYS_PAGE_SQL = `
select k.id, k.name, k.environment, k.prefix, k.created_at,
       case when k.revoked_at is not null then 'REVOKED'
            when k.expires_at <= $1 then 'EXPIRED'
            else 'ACTIVE' end as status,
       h.id as holder_id, h.kind as holder_kind, h.email as holder_email,
       case when k.revoked_at is null and (k.expires_at is null or k.expires_at > $1) then
         coalesce((select json_agg(json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) order by s.slug)
                   from collaborator c
                   cross join lateral (select s.id, s.slug, s.name from service s
                                       where s.id = c.service_id and s.archived_at is null offset 0) s
                   where c.holder_id = k.holder_id and c.role = 'BILLING'), '[]'::json)
       else '[]'::json end as works_on
from api_key k
join holder h on h.id = k.holder_id
order by k.created_at desc, k.id desc
limit ${PAGE_SIZE}`;

/** A usable access token: known, not revoked or expired, of an active user with console access. */
const TOKEN_SQL = `
select t.expires_at from access_token t join holder u on u.id = t.user_id
where t.digest = $1 and t.revoked_at is null and t.expires_at > $2
  and u.status = 'ACTIVE' and u.console_role is not null`;

interface KeyRow {
  id: string;
  name: string;
  environment: string;
  prefix: string;
  created_at: Date;
  status: string;
  holder_id: string;
  holder_kind: string;
  holder_email: string;
  works_on: { id: string; slug: string; name: string }[];
}

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  // The same pool size and idle timeout as the server's (a connection idle for longer is closed,
  // and opened again on the next request), and a name the bench finds in pg_stat_activity.
  max: 10,
  idleTimeoutMillis: 30_000,
  application_name: "kh-bench-baseline",
});

/** How long a verified token is trusted without asking the database again (the server's backstop). */
const TOKEN_CACHE_MS = 5 * 60_000;
/** Verified token digests and until when to trust them. The bench never revokes, so no invalidation. */
const verifiedTokens = new Map<string, number>();

/** Whether the bearer token in `authorization` is one the API would accept, and the statements spent. */
async function authenticate(authorization: string, now: Date): Promise<{ ok: boolean; statements: number }> {
  const token = authorization.replace(/^Bearer\s+/i, "");
  const digest = createHash("sha256").update(token).digest("hex");
  if ((verifiedTokens.get(digest) ?? 0) > now.getTime()) return { ok: true, statements: 0 };
  const { rows } = await pool.query<{ expires_at: Date }>({ name: "token", text: TOKEN_SQL, values: [digest, now] });
  const expiresAt = rows[0]?.expires_at;
  if (expiresAt) verifiedTokens.set(digest, Math.min(expiresAt.getTime(), now.getTime() + TOKEN_CACHE_MS));
  return { ok: expiresAt !== undefined, statements: 1 };
}

async function keysPage(now: Date): Promise<string> {
  const { rows } = await pool.query<KeyRow>({ name: "keys-page", text: KEYS_PAGE_SQL, values: [now] });
  const nodes = rows.map((r) => ({
    id: r.id,
    name: r.name,
    environment: r.environment,
    status: r.status,
    prefix: r.prefix,
    createdAt: r.created_at,
    holder: {
      __typename: r.holder_kind === "USER" ? "User" : "GroupEmail",
      id: r.holder_id,
      email: r.holder_email,
      kind: r.holder_kind,
    },
    worksOn: r.works_on,
  }));
  return JSON.stringify({ data: { apiKeys: { nodes } } });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/readyz") {
    await pool.query("select 1");
    return send(res, 200, '{"status":"ok"}');
  }
  if (req.method !== "POST" || req.url !== "/graphql") return send(res, 404, '{"error":"not found"}');
  // A real handler must at least parse the request; the baseline does that much and no more.
  const request = JSON.parse(await readBody(req)) as { query?: unknown };
  if (typeof request.query !== "string") return send(res, 400, '{"error":"query required"}');
  const now = new Date();
  const authorization = req.headers.authorization;
  const auth = authorization ? await authenticate(authorization, now) : { ok: true, statements: 0 };
  if (!auth.ok) return send(res, 401, '{"error":"unauthenticated"}');
  const body = await keysPage(now);
  // The same header the server sends, so the bench reads statements per request the same way.
  send(res, 200, body, { "server-timing": `auth;desc="${auth.statements} statements", sql;desc="1 statements"` });
}

serve(handle, () => pool.end());
