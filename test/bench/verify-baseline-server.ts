/**
 * The two baselines of the verify scenario, measured in the same run as Keyholder. Run as a child
 * process by the bench: `node verify-baseline-server.ts` with MODE, DATABASE_URL, HOST and PORT.
 *
 * - MODE=http (H): a bare `node:http` server. It reads and parses the POSTed JSON and answers a
 *   fixed JSON document of the same size class as a verification answer: the least any Node HTTP
 *   API does per request.
 * - MODE=pg (R + H): the same, plus one prepared `pg` statement per request, a lookup of an
 *   `api_key` row by primary key (an id picked at random among the keys present at start), whose
 *   row is the answer. Its CPU per request minus H's is R, the cost of one raw pg lookup.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";
import { readBody, send, serve } from "./baseline-http.ts";

const mode = process.env.MODE;
if (mode !== "http" && mode !== "pg") throw new Error("MODE must be http or pg");

/** Shaped like `{valid, reason, keyId, environment, holder}` of POST /v1/keys/verify. */
const FIXED_ANSWER = JSON.stringify({
  valid: true,
  reason: "VALID",
  keyId: "0b7c5d4e-3f21-4a98-8c76-5e4d3c2b1a09",
  environment: "PRODUCTION",
  holder: { id: "6f5e4d3c-2b1a-4098-8f76-5e4d3c2b1a09", email: "verify-holder-1@bench.gov.example", kind: "USER" },
});

const LOOKUP = {
  name: "verify-baseline-lookup",
  text: "select id, environment, holder_id, revoked_at, expires_at from api_key where id = $1",
};

interface KeyRow {
  id: string;
  environment: string;
  holder_id: string;
  revoked_at: Date | null;
  expires_at: Date | null;
}

const pool =
  mode === "pg"
    ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: "kh-bench-verify-pg" })
    : null;
let keyIds: string[] = [];

async function lookup(): Promise<string> {
  const id = keyIds[Math.floor(Math.random() * keyIds.length)];
  const { rows } = await (pool as pg.Pool).query<KeyRow>({ ...LOOKUP, values: [id] });
  const row = rows[0];
  if (!row) throw new Error(`no key ${id}`);
  return JSON.stringify({
    valid: row.revoked_at === null,
    keyId: row.id,
    environment: row.environment,
    holderId: row.holder_id,
    expiresAt: row.expires_at,
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/readyz") return send(res, 200, '{"status":"ok"}');
  if (req.method !== "POST") return send(res, 404, '{"error":"not found"}');
  // A real handler must at least parse the request; the baseline does that much and no more.
  const request = JSON.parse(await readBody(req)) as { secret?: unknown };
  if (typeof request.secret !== "string") return send(res, 400, '{"error":"secret required"}');
  if (!pool) return send(res, 200, FIXED_ANSWER);
  // The same header as the server, so the bench reads statements per request the same way.
  send(res, 200, await lookup(), { "server-timing": 'auth;desc="0 statements", sql;desc="1 statements"' });
}

async function start(): Promise<void> {
  if (pool) {
    const { rows } = await pool.query<{ id: string }>("select id from api_key order by id limit 20000");
    keyIds = rows.map((r) => r.id);
    if (!keyIds.length) throw new Error("api_key is empty");
  }
  serve(handle, () => pool?.end() ?? Promise.resolve());
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
