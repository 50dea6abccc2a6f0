import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningKeyholder, startKeyholder } from "../app.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { Role } from "../shared/role.js";
import { issueTestToken } from "../test-support/auth.js";
import { adminQuery, databaseUrl } from "../test-support/postgres.js";
import { tablesOwnedByCurrentRole } from "./roles.js";

// Roles are cluster-wide: names of this run's own, dropped afterwards.
const suffix = randomBytes(4).toString("hex");
const OWNER = `kh_owner_${suffix}`;
const APP = `kh_app_${suffix}`;
const DATABASE = `kh_roles_${suffix}`;
const PASSWORD = randomBytes(12).toString("hex");

const adminUrl = () => inject("pgAdminUrl");
function urlAs(role: string): string {
  const url = new URL(databaseUrl(adminUrl(), DATABASE));
  url.username = role;
  url.password = PASSWORD;
  return url.toString();
}

let app: pg.Client;
let keyholder: RunningKeyholder;
const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

beforeAll(async () => {
  for (const role of [OWNER, APP]) {
    await adminQuery(adminUrl(), `create role ${role} login password '${PASSWORD}'`);
  }
  await adminQuery(adminUrl(), `create database ${DATABASE} owner ${OWNER}`);
  // As in a database upgraded from PostgreSQL 14 or older: everyone may create in `public`.
  await adminQuery(databaseUrl(adminUrl(), DATABASE), "grant create on schema public to public");
  // The real start: migrations as the owner (pg_trgm is a trusted extension, the database owner
  // may create it), then the server as the runtime role.
  keyholder = await startKeyholder(
    loadConfig({
      DATABASE_URL: urlAs(APP),
      MIGRATION_DATABASE_URL: urlAs(OWNER),
      PORT: "0",
      KEYHOLDER_CONSOLE_DIR: "/nonexistent",
    }),
    createLogger("info", sink),
  );
  app = new pg.Client({ connectionString: urlAs(APP) });
  await app.connect();
}, 60_000);

afterAll(async () => {
  await app?.end();
  await keyholder?.stop();
  await adminQuery(adminUrl(), `drop database if exists ${DATABASE} with (force)`);
  for (const role of [APP, OWNER]) await adminQuery(adminUrl(), `drop role if exists ${role}`);
});

/** The error PostgreSQL answers a statement with; fails the test when it succeeds. */
async function refusal(sql: string): Promise<string> {
  const error = await app.query(sql).then(
    () => null,
    (e: Error) => e,
  );
  expect(error, sql).not.toBeNull();
  return (error as Error).message;
}

describe("the server's database role, separate from the migrating owner", () => {
  it("owns no table", async () => {
    const { rows } = await app.query<{ owned: number }>(
      "select count(*)::int as owned from pg_tables where schemaname = 'public' and tableowner = current_user",
    );
    expect(rows[0]?.owned).toBe(0);
  });

  it("cannot disable or drop the audit trail's triggers, nor drop a table", async () => {
    const { rows } = await app.query<{ tgname: string }>(
      "select tgname from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(await refusal("alter table audit_event disable trigger user")).toMatch(/must be owner/);
    expect(await refusal("alter table audit_event disable trigger all")).toMatch(/must be owner/);
    for (const { tgname } of rows) {
      expect(await refusal(`drop trigger "${tgname}" on audit_event`)).toMatch(/must be owner/);
    }
    for (const table of ["audit_event", "api_key", "holder"]) {
      expect(await refusal(`drop table ${table} cascade`)).toMatch(/must be owner/);
    }
    expect(await refusal("alter table audit_event owner to current_user")).toMatch(/must be owner/);
  });

  it("may only insert and read audit rows: update, delete and truncate are refused by privilege, before any trigger", async () => {
    expect(await refusal("update audit_event set reason = 'rewritten'")).toMatch(
      /permission denied for table audit_event/,
    );
    expect(await refusal("delete from audit_event")).toMatch(/permission denied for table audit_event/);
    expect(await refusal("truncate audit_event")).toMatch(/permission denied for table audit_event/);
    expect(await refusal("select * from mikro_orm_migrations")).toMatch(/permission denied/);
  });

  it("can neither create in the public schema (where a function of its own would run as whoever writes next), nor truncate or reset a sequence", async () => {
    expect(await refusal("create table public.planted (id int)")).toMatch(/permission denied for schema public/);
    expect(
      await refusal(
        "create function public.risk_holder_class(kind varchar, status varchar) returns text language sql as $$ select 'GROUP' $$",
      ),
    ).toMatch(/permission denied for schema public/);
    for (const table of ["api_key", "holder", "risk_key_count", "session"]) {
      expect(await refusal(`truncate ${table}`)).toMatch(/permission denied/);
    }
    expect(await refusal("select setval('audit_event_id_seq', 1)")).toMatch(/permission denied/);
    expect(await refusal("alter sequence audit_event_id_seq restart")).toMatch(/must be owner/);
    expect(await refusal("alter function risk_on_holder() security definer")).toMatch(/must be owner/);
  });

  it("reads the risk summaries but cannot rewrite them: the triggers that keep them run as the owner", async () => {
    expect((await app.query("select count(*) from risk_key_count")).rowCount).toBe(1);
    expect(await refusal("update risk_key_count set n = 0")).toMatch(/permission denied/);
    expect(await refusal("delete from risk_holder")).toMatch(/permission denied/);
    expect(
      await refusal("insert into risk_holder values ('00000000-0000-4000-8000-000000000009', 'GROUP', true)"),
    ).toMatch(/permission denied/);
    // Its writes to what they summarise still keep them exact.
    const holder = "00000000-0000-4000-8000-000000000010";
    await app.query(
      "insert into holder (id, kind, email, name) values ($1, 'GROUP', 'summary@agency.gov.example', 'S')",
      [holder],
    );
    await app.query(
      `insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
       values (gen_random_uuid(), 'summarised', 'PRODUCTION', $1, 'kh_live_sum001', repeat('a', 64))`,
      [holder],
    );
    const { rows } = await app.query<{ n: string }>(
      "select sum(n)::text as n from risk_key_count where environment = 'PRODUCTION' and holder_class = 'GROUP'",
    );
    expect(rows[0]?.n).toBe("1");
    // Reading the risks folds the per-transaction counts, as the owner: the role may call that,
    // and the count it reads stays the same.
    const folded = await app.query<{ n: string }>(
      "select risk_fold_key_counts(), (select sum(n)::text from risk_key_count where environment = 'PRODUCTION' and holder_class = 'GROUP') as n",
    );
    expect(folded.rows[0]?.n).toBe("1");
    const rowsLeft = await app.query("select 1 from risk_key_count where xact <> 0");
    expect(rowsLeft.rowCount).toBe(0);
  });

  it("still does all its work: an audited write through the API, as that role", async () => {
    expect(await tablesOwnedByCurrentRole(keyholder.orm.em.fork())).toEqual([]);
    const { token } = await issueTestToken(keyholder.orm.em.fork(), Role.OPERATOR);
    const response = await keyholder.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        // Raw bodies sent to a server running under each database role, not through the test client.
        query: `mutation { createService(input: {slug: "fines", name: "Fines"}) { service { id } errors { code } } }`,
      }),
    });
    expect(response.json().data.createService).toMatchObject({ service: { id: expect.any(String) }, errors: [] });
    const audit = await app.query("select action from audit_event");
    expect(audit.rows.map((r) => r.action)).toContain("service.created");
    // Separate roles: no warning that the server's role owns the tables.
    expect(logLines.join("")).not.toContain("owns the tables");
  });

  it("runs the job queue: a change's notice is queued by the owner's trigger and sent by the server's workers", async () => {
    const { token } = await issueTestToken(keyholder.orm.em.fork(), Role.OPERATOR);
    const group = await app.query(
      "insert into holder (id, kind, email, name) values (gen_random_uuid(), 'GROUP', 'roles-team@agency.gov.example', 'Roles') returning id",
    );
    const created = await keyholder.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        query: `mutation($h: ID!) { createApiKey(input: {name: "roles", environment: STAGING, holderId: $h, lifespan: DAYS_30}) { apiKey { id } errors { code } } }`,
        variables: { h: group.rows[0].id },
      }),
    });
    expect(created.json().data.createApiKey).toMatchObject({ errors: [] });
    const keyId = created.json().data.createApiKey.apiKey.id;
    await keyholder.app.inject({
      method: "POST",
      url: "/graphql",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      payload: JSON.stringify({
        query: `mutation($id: ID!) { revokeApiKey(input: {id: $id, reason: "done"}) { errors { code } } }`,
        variables: { id: keyId },
      }),
    });
    const deadline = Date.now() + 15_000;
    let status: string | undefined;
    while (Date.now() < deadline && status !== "STORED") {
      status = (await app.query("select status from notice_message where recipient = 'roles-team@agency.gov.example'"))
        .rows[0]?.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("STORED");
    expect(logLines.join("")).not.toContain("row-level security");
  });

  it("is warned about at start when it owns the tables (one URL for both)", async () => {
    const lines: string[] = [];
    const log = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const single = await startKeyholder(
      loadConfig({ DATABASE_URL: urlAs(OWNER), PORT: "0", KEYHOLDER_CONSOLE_DIR: "/nonexistent" }),
      createLogger("info", log),
    );
    await single.stop();
    expect(lines.join("")).toContain("owns the tables");
  });
  it("is warned about at start when it may create in the public schema and the owner cannot take that away", async () => {
    // An upgraded database whose `public` belongs to the superuser, not to the owner role.
    const admin = new pg.Client({ connectionString: databaseUrl(adminUrl(), DATABASE) });
    await admin.connect();
    try {
      await admin.query("alter schema public owner to current_user");
      await admin.query("grant create on schema public to public");
    } finally {
      await admin.end();
    }
    const lines: string[] = [];
    const log = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const again = await startKeyholder(
      loadConfig({
        DATABASE_URL: urlAs(APP),
        MIGRATION_DATABASE_URL: urlAs(OWNER),
        PORT: "0",
        KEYHOLDER_CONSOLE_DIR: "/nonexistent",
      }),
      createLogger("info", log),
    );
    await again.stop();
    expect(lines.join("")).toContain("may create objects in the public schema");
  });
});
