import { get, type IncomingMessage } from "node:http";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createOrm } from "../../composition/orm.js";
import { seedDemoData } from "../../seed/demo.js";
import { Role } from "../../shared/role.js";
import { numbered } from "../../shared/sql.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, graphql, type TestApi, useTestApi, type VariablesOf } from "../../test-support/graphql.js";
import { EXPORT_WORK_MEM, keysForExportSql } from "../api-key/api-key.queries.js";
import { csvField } from "./csv.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

async function download(headers: Record<string, string>, query = "") {
  return api.app.inject({ method: "GET", url: `/v1/exports/keys.csv${query}`, headers });
}

async function asViewer() {
  const { token } = await api.tokenFor(Role.VIEWER);
  return { authorization: `Bearer ${token}` };
}

const LIST = graphql(
  `query($filter: ApiKeyFilter) { apiKeys(first: 500, filter: $filter) { totalCount nodes { id } } }`,
);

const SORTED = graphql(`
  query SortedKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: 500, filter: $filter, orderBy: $orderBy) { nodes { id } }
  }
`);

type ApiKeyFilter = NonNullable<VariablesOf<typeof LIST>["filter"]>;

/** A filter as the export's query string, `?…` or empty. */
function queryOf(filter: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) params.set(name, String(value));
  return params.size ? `?${params}` : "";
}

/** The key ids of an export, in its order. */
function exportedIds(body: string): string[] {
  return body
    .trimEnd()
    .split("\r\n")
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(",")));
}

describe("GET /v1/exports/keys.csv", () => {
  it("needs a signed-in caller of any role", async () => {
    expect((await download({})).statusCode).toBe(401);
    expect((await download({ authorization: "Bearer khp_nonsense" })).statusCode).toBe(401);
    const { token } = await api.tokenFor(Role.VIEWER);
    expect((await download({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it("lists every key with holder, status and the services it works on, safely quoted", async () => {
    const f = factories(db.em());
    const team = await f.group({ email: "team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const permits = await f.service({ slug: "permits" });
    await f.collaborator(fines, team);
    await f.collaborator(permits, team);
    const tricky = await f.key(team, { name: '=HYPERLINK("http://evil"), "quoted"' });
    const revoked = await f.key(team, { name: "old", revokedAt: new Date(), revokedReason: "x" });
    const { token } = await api.tokenFor(Role.VIEWER);
    const response = await download({ authorization: `Bearer ${token}` });
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(
      /attachment; filename="keyholder-keys-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = response.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "key_id,name,environment,status,prefix,holder,holder_kind,holder_status,works_on,last_used_at,expires_at",
    );
    const trickyLine = lines.find((l) => l.startsWith(tricky.id));
    expect(trickyLine).toContain(`"'=HYPERLINK(""http://evil""), ""quoted"""`);
    expect(trickyLine).toContain(",ACTIVE,");
    expect(trickyLine).toContain(",team@agency.gov.example,GROUP,,fines;permits,");
    expect(lines.find((l) => l.startsWith(revoked.id))).toContain(",REVOKED,");
    expect(response.body).not.toMatch(/kh_(live|test)_\w{36}/);
  });

  it("writes timestamps as ISO 8601 UTC with milliseconds, as the API does", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const key = await f.key(holder, { name: "dated", expiresAt: new Date("2027-01-03T12:08:47.552Z") });
    await db
      .em()
      .getConnection()
      .execute("update api_key set last_used_at = ? where id = ?", ["2026-11-30T23:59:58.001Z", key.id]);
    const response = await download(await asViewer());
    const line = response.body.split("\r\n").find((l) => l.startsWith(key.id));
    expect(line?.split(",").slice(-2)).toEqual(["2026-11-30T23:59:58.001Z", "2027-01-03T12:08:47.552Z"]);
  });

  it("streams thousands of keys, one line each", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    await f.keys(Array.from({ length: 2500 }, (_, i) => ({ holder, name: `bulk ${i}` })));
    const { token } = await api.tokenFor(Role.VIEWER);
    const response = await download({ authorization: `Bearer ${token}` });
    expect(response.body.trimEnd().split("\r\n")).toHaveLength(2501);
  });
});

describe("GET /v1/exports/keys.csv with the keys list's filter", () => {
  it("exports exactly the keys apiKeys lists for the same filter, in the same order", async () => {
    await seedDemoData(db.em());
    const ids = await api.gql(
      graphql(`{ users(first: 50) { nodes { id keys(first: 1) { totalCount } } }
      services(first: 50) { nodes { id workingKeys(first: 1) { totalCount } } } }`),
    );
    const holderId = ids.data?.users.nodes.find((u) => u.keys.totalCount > 1)?.id;
    const serviceId = ids.data?.services.nodes.find((s) => s.workingKeys.totalCount > 1)?.id;
    expect(holderId).toBeTruthy();
    expect(serviceId).toBeTruthy();
    const filters: ApiKeyFilter[] = [
      {},
      { search: "backend" },
      { environment: "STAGING" },
      { status: "ACTIVE" },
      { status: "EXPIRED" },
      { status: "REVOKED" },
      { holderId: holderId! },
      { holderKind: "USER" },
      { worksOnServiceId: serviceId! },
      { expiresWithinDays: 30 },
      { unusedForDays: 90 },
      { unusedForDays: 5 },
      { environment: "PRODUCTION", holderKind: "USER", status: "ACTIVE" },
      { search: "script", unusedForDays: 1 },
    ];
    const headers = await asViewer();
    for (const filter of filters) {
      const list = await api.gql(LIST, { filter });
      expect(list.errors).toBeUndefined();
      const listed = list.data!.apiKeys.nodes.map((n) => n.id);
      expect(listed.length, JSON.stringify(filter)).toBe(list.data?.apiKeys?.totalCount);
      const response = await download(headers, queryOf(filter));
      expect(response.statusCode, JSON.stringify(filter)).toBe(200);
      expect(exportedIds(response.body), JSON.stringify(filter)).toEqual(listed);
      // Every filter keeps some keys and drops others, so an ignored parameter would show.
      if (Object.keys(filter).length) expect(listed.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
    const everything = await download(headers);
    for (const filter of filters.slice(1)) {
      const filtered = exportedIds((await download(headers, queryOf(filter))).body);
      expect(filtered.length, JSON.stringify(filter)).toBeLessThan(exportedIds(everything.body).length);
    }
  });

  it("exports in the order the list is sorted in, and refuses an unknown order", async () => {
    await seedDemoData(db.em());
    const headers = await asViewer();
    for (const [orderBy, direction, filter] of [
      ["NAME", "ASC", {}],
      ["HOLDER", "DESC", { status: "ACTIVE" }],
      ["LAST_USED_AT", "", {}],
      ["EXPIRES_AT", "DESC", { holderStatus: "ACTIVE" }],
    ] as const) {
      const list = await api.gql(SORTED, { filter, orderBy: { field: orderBy, direction: direction || "ASC" } });
      const listed = list.data?.apiKeys.nodes.map((n) => n.id);
      const response = await download(headers, queryOf({ ...filter, orderBy, direction }));
      expect(response.statusCode, orderBy).toBe(200);
      expect(exportedIds(response.body), orderBy).toEqual(listed);
    }
    const refused: Record<string, string>[] = [{ orderBy: "SECRET" }, { orderBy: "NAME", direction: "UP" }];
    for (const bad of refused) {
      const response = await download(headers, queryOf(bad));
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(Object.keys(bad).at(-1));
    }
  });

  it("treats an empty parameter as no condition", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    const active = await f.key(holder, { name: "active" });
    const revoked = await f.key(holder, { name: "revoked", revokedAt: new Date() });
    const response = await download(await asViewer(), "?search=&status=&unusedForDays=");
    expect(response.statusCode).toBe(200);
    expect(exportedIds(response.body).sort()).toEqual([active.id, revoked.id].sort());
  });

  it("refuses a bad parameter with 400, its code and field, before exporting anything", async () => {
    const headers = await asViewer();
    const cases: [string, string, string][] = [
      ["?format=xlsx", "BAD_USER_INPUT", "format"],
      ["?environment=production", "BAD_USER_INPUT", "environment"],
      ["?status=GONE", "BAD_USER_INPUT", "status"],
      ["?holderKind=ROBOT", "BAD_USER_INPUT", "holderKind"],
      ["?status=ACTIVE&status=REVOKED", "BAD_USER_INPUT", "status"],
      ["?holderId=nope", "INVALID_ID", "holderId"],
      ["?worksOnServiceId=1%3B%20drop%20table%20api_key", "INVALID_ID", "worksOnServiceId"],
      ["?expiresWithinDays=3651", "BAD_USER_INPUT", "expiresWithinDays"],
      ["?expiresWithinDays=-1", "BAD_USER_INPUT", "expiresWithinDays"],
      ["?expiresWithinDays=1.5", "BAD_USER_INPUT", "expiresWithinDays"],
      ["?unusedForDays=0", "BAD_USER_INPUT", "unusedForDays"],
      ["?unusedForDays=ninety", "BAD_USER_INPUT", "unusedForDays"],
      [`?search=${"x".repeat(201)}`, "BAD_USER_INPUT", "search"],
      ["?search=%00", "INVALID_TEXT", "search"],
      ["?search=fines%00x", "INVALID_TEXT", "search"],
      ["?holderId=%00", "INVALID_TEXT", "holderId"],
    ];
    for (const [query, code, field] of cases) {
      const response = await download(headers, query);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers["content-type"], query).toMatch(/^application\/json/);
      expect(response.json(), query).toMatchObject({ error: { code, field, message: expect.any(String) } });
    }
    // Authentication comes first: a stranger learns nothing about the parameters.
    expect((await download({}, "?status=GONE")).statusCode).toBe(401);
  });
});

describe("an export that fails part-way", () => {
  it("ends without the closing chunk, so the client sees an error rather than a short file", async () => {
    const f = factories(db.em());
    const team = await f.group();
    for (let i = 0; i < 3; i++) await f.key(team);
    const address = await api.app.listen({ port: 0, host: "127.0.0.1" });
    const url = `${address}/v1/exports/keys.csv`;
    const headers = await asViewer();
    // A complete export ends normally.
    expect((await (await fetch(url, { headers })).text()).trimEnd().split("\r\n")).toHaveLength(4);

    // Hold the keys table so the export's first read waits, then end its database session.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query("begin; lock table api_key in access exclusive mode");
      const response = await fetch(url, { headers });
      expect(response.status).toBe(200);
      let waiting: { pid: number }[] = [];
      while (!waiting.length) {
        ({ rows: waiting } = await blocker.query<{ pid: number }>(
          "select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        ));
      }
      await blocker.query("select pg_terminate_backend($1)", [waiting[0]?.pid]);
      await blocker.query("rollback");
      await expect(response.text()).rejects.toThrow();
    } finally {
      await blocker.end();
    }
    expect(api.logLines.join("\n")).toContain("keys export failed");
  });
});

describe("an export that lasts longer than the pool's statement timeout", () => {
  it("streams every key to a reader that pauses: the timeout meant for one request's statements does not cut it off", async () => {
    // The cursor's statement lives as long as the download; here the pool allows 300 ms.
    const orm = await createOrm({ url: db.url, poolMax: 4, statementTimeoutMs: 300 });
    const slow = await createTestApi(db, { orm });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const holder = await factories(db.em()).user();
      // Enough keys, with long enough names (~14 MB of CSV), that the download outgrows what the
      // loopback sockets buffer, however fast the server reads them: the server waits on the reader.
      const keys = 60_000;
      await admin.query(
        `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at)
         select gen_random_uuid(), 'bulk ' || n || ' ' || repeat('x', 180), 'PRODUCTION', $1,
                'kh_live_' || substr(md5(n::text), 1, 6),
                encode(sha256(('secret ' || n)::bytea), 'hex'), now(), now()
           from generate_series(1, $2::int) n`,
        [holder.id, keys],
      );
      const address = new URL(await slow.app.listen({ port: 0, host: "127.0.0.1" }));
      const { token } = await slow.tokenFor(Role.VIEWER);
      const response = await new Promise<IncomingMessage>((resolve, reject) =>
        get(
          {
            host: address.hostname,
            port: address.port,
            path: "/v1/exports/keys.csv",
            headers: { authorization: `Bearer ${token}` },
          },
          resolve,
        ).on("error", reject),
      );
      expect(response.statusCode).toBe(200);
      const chunks: Buffer[] = [await new Promise<Buffer>((resolve) => response.once("data", resolve))];
      response.pause();
      // The reader takes nothing for longer than the statement timeout, while the export is mid-file.
      const streaming = async () =>
        (
          await admin.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and state = 'active' and query like 'select k.id, k.name%'`,
          )
        ).rows[0]?.n;
      await admin.query("select pg_sleep(0.6)");
      // Cancelled by the pool's timeout, the statement would have ended; with too few keys it would
      // have ended anyway, the whole file in the sockets' buffers.
      expect(await streaming(), "the export's statement still runs after the pause").toBe(1);
      const rest = new Promise<void>((resolve, reject) => {
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", resolve);
        response.on("error", reject);
        response.on("aborted", () => reject(new Error("the export was cut off")));
      });
      response.resume();
      await rest;
      expect(Buffer.concat(chunks).toString().trimEnd().split("\r\n")).toHaveLength(keys + 1);
      expect(slow.logLines.join("\n")).not.toContain("keys export failed");
    } finally {
      await admin.end();
      await slow.close();
      await orm.close();
    }
  }, 120_000);
});

describe("the export's statement", () => {
  it("works out each holder's services once, however many keys the holder has", async () => {
    const f = factories(db.em());
    const services = [await f.service(), await f.service()];
    const holders = [await f.group(), await f.user(), await f.group()];
    for (const holder of holders) {
      for (const service of services) await f.collaborator(service, holder);
    }
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      for (const holder of holders) {
        await admin.query(
          `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, updated_at)
           select gen_random_uuid(), 'bulk ' || n, 'PRODUCTION', $1::uuid, 'kh_live_' || substr(md5(n::text), 1, 6),
                  encode(sha256(($1::text || n)::bytea), 'hex'), now() - make_interval(secs => n), now()
             from generate_series(1, 200) n`,
          [holder.id],
        );
      }
      await admin.query("analyze");
      await admin.query(`set work_mem = '${EXPORT_WORK_MEM}'`);
      const query = numbered(keysForExportSql({}, null, new Date()));
      const { rows } = await admin.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
        `explain (analyze, format json) ${query.text}`,
        query.values,
      );
      // The subquery that reads a holder's Billing services runs once per holder, not per key
      // (600 keys): with one run per key, a million keys cost ten times the probes of their
      // 100,000 holders.
      const collaboratorScans = nodes(rows[0]!["QUERY PLAN"][0].Plan).filter(
        (n) => n["Relation Name"] === "collaborator",
      );
      expect(collaboratorScans.length).toBeGreaterThan(0);
      for (const scan of collaboratorScans) expect(scan["Actual Loops"]).toBe(holders.length);
    } finally {
      await admin.end();
    }
  });

  it("gives the connection back with the pool's statement timeout and work_mem", async () => {
    const orm = await createOrm({ url: db.url, poolMax: 1, statementTimeoutMs: 4321 });
    const single = await createTestApi(db, { orm });
    try {
      const pool = await orm.em.getConnection().getNativeClient();
      const settings = async () =>
        (
          await pool.query<{ timeout: string; memory: string }>(
            "select current_setting('statement_timeout') as timeout, current_setting('work_mem') as memory",
          )
        ).rows[0];
      const before = await settings();
      expect(before?.timeout).toBe("4321ms");
      expect(before?.memory).not.toBe(EXPORT_WORK_MEM);
      await factories(db.em()).key(await factories(db.em()).group());
      const { token } = await single.tokenFor(Role.VIEWER);
      const response = await single.app.inject({
        method: "GET",
        url: "/v1/exports/keys.csv",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(200);
      // One connection in the pool: the export's, once it is back.
      expect(await settings()).toEqual(before);
    } finally {
      await single.close();
      await orm.close();
    }
  });
});

interface PlanNode {
  "Relation Name"?: string;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

/** Every node of a JSON plan. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe("csvField", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2030-01-02T03:04:05.000Z"))).toBe("2030-01-02T03:04:05.000Z");
  });
});
