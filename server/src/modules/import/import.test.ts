import { createHash } from "node:crypto";
import { ImportInventoryMutation } from "@keyholder/graphql";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { afterWaitingOnCommit } from "../../test-support/locks.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const IMPORT = ImportInventoryMutation;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** A small organisation's inventory: two people (one gone), a team mailbox, a service, roles and keys. */
function bundle(overrides: Record<string, unknown[]> = {}) {
  return {
    users: [
      { email: "Ana.Lim@agency.gov.example", name: "Ana Lim", status: "ACTIVE" },
      { email: "ben.tan@agency.gov.example", name: "Ben Tan", status: "DEPARTED", departedAt: "2026-06-30" },
    ],
    groupEmails: [
      { email: "fin-team@agency.gov.example", name: "Finance team", members: ["ana.lim@agency.gov.example"] },
    ],
    services: [{ slug: "parking-fines", name: "Parking fines" }],
    collaborators: [
      { service: "parking-fines", holder: "fin-team@agency.gov.example", role: "BILLING" },
      { service: "parking-fines", holder: "ana.lim@agency.gov.example", role: "ADMIN" },
    ],
    keys: [
      {
        name: "Fines batch",
        environment: "PRODUCTION",
        holder: "fin-team@agency.gov.example",
        secretSha256: sha("sk_live_legacy_secret_0001"),
        prefix: "sk_live_le",
        createdAt: "2025-01-02T03:04:05Z",
        expiresAt: "2027-01-01T00:00:00Z",
      },
      { name: "Old report key", environment: "STAGING", holder: "ben.tan@agency.gov.example" },
    ],
    ...overrides,
  };
}

/** An import as `role`; `result` is its result, and throws when the import answered none. */
type ImportInput = InputOf<typeof IMPORT>;
type CsvFiles = NonNullable<ImportInput["csv"]>;

const run = async (input: ImportInput, role: Role = Role.OPERATOR) => {
  const res = await api.as(role)(IMPORT, { input });
  const payload = res.data?.importInventory;
  return {
    res,
    payload,
    get result() {
      if (!payload?.result) throw new Error(`no import result: ${JSON.stringify(res.errors ?? payload?.errors)}`);
      return payload.result;
    },
  };
};

const tableCounts = async () =>
  (
    await db.em().execute<Record<string, number>[]>(
      `select (select count(*) from holder where email like '%@agency.gov.example')::int as holders,
              (select count(*) from service)::int as services, (select count(*) from group_membership)::int as memberships,
              (select count(*) from collaborator)::int as collaborators, (select count(*) from api_key)::int as keys`,
    )
  )[0];

describe("importInventory", () => {
  it("is a dry run by default: every row's outcome, nothing written", async () => {
    const { result, payload } = await run({ json: JSON.stringify(bundle()) });
    expect(payload?.errors).toEqual([]);
    expect(result.applied).toBe(false);
    expect(result.refused).toBe(0);
    expect(result.rows.map((r) => `${r.kind}#${r.row}:${r.outcome}`)).toEqual([
      "USER#1:CREATED",
      "USER#2:CREATED",
      "GROUP_EMAIL#1:CREATED",
      "SERVICE#1:CREATED",
      "COLLABORATOR#1:CREATED",
      "COLLABORATOR#2:CREATED",
      "KEY#1:CREATED",
      "KEY#2:CREATED",
    ]);
    expect(result.rows.every((r) => r.id === null)).toBe(true);
    expect(await tableCounts()).toEqual({ holders: 0, services: 0, memberships: 0, collaborators: 0, keys: 0 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("applies every row in one transaction, audited as subject sets of one request; a re-run changes nothing", async () => {
    const first = await api.as(Role.OPERATOR)(
      IMPORT,
      { input: { json: JSON.stringify(bundle()), apply: true } },
      {
        "x-request-id": "req-import-1",
      },
    );
    const result = first.data!.importInventory.result!;
    expect(result.applied).toBe(true);
    expect(await tableCounts()).toEqual({ holders: 3, services: 1, memberships: 1, collaborators: 2, keys: 2 });
    const keys = await db.em().execute(
      `select k.name, k.prefix, k.secret_digest, k.imported_at is not null as imported, h.email, k.created_at
         from api_key k join holder h on h.id = k.holder_id order by k.name`,
    );
    expect(keys).toEqual([
      expect.objectContaining({
        name: "Fines batch",
        prefix: "sk_live_le",
        secret_digest: sha("sk_live_legacy_secret_0001"),
        imported: true,
        email: "fin-team@agency.gov.example",
      }),
      expect.objectContaining({
        name: "Old report key",
        prefix: "",
        secret_digest: null,
        imported: true,
        email: "ben.tan@agency.gov.example",
      }),
    ]);
    expect(new Date(keys[0]?.created_at).toISOString()).toBe("2025-01-02T03:04:05.000Z");
    const ben = await db
      .em()
      .execute(`select status, departed_at from holder where email = 'ben.tan@agency.gov.example'`);
    expect(ben[0]?.status).toBe("DEPARTED");
    expect(new Date(ben[0]?.departed_at).toISOString()).toBe("2026-06-30T00:00:00.000Z");

    const audit = await auditRows(db);
    expect(audit.map((a) => `${a.action}:${a.subjectType}`)).toEqual([
      "user.imported:User",
      "user.imported:User",
      "group_email.imported:GroupEmail",
      "service.imported:Service",
      "collaborator.imported:Collaborator",
      "collaborator.imported:Collaborator",
      "api_key.imported:ApiKey",
      "api_key.imported:ApiKey",
    ]);
    expect(new Set(audit.map((a) => a.requestId))).toEqual(new Set(["req-import-1"]));
    expect(audit[0]?.reason).toMatch(/^Inventory import \(USER: 2 created/);
    const ids = result.rows.map((r) => r.id);
    expect(audit.map((a) => a.subjectId)).toEqual(ids);
    const stored = await db.em().execute<{ n: number }[]>("select count(*)::int as n from audit_event");
    expect(stored[0]?.n).toBe(5);

    const again = await run({ json: JSON.stringify(bundle()), apply: true });
    expect(again.result.applied).toBe(true);
    expect(again.result.rows.map((r) => r.outcome)).toEqual(Array(8).fill("UNCHANGED"));
    expect(again.result.rows.map((r) => r.id)).toEqual(ids);
    expect(await tableCounts()).toEqual({ holders: 3, services: 1, memberships: 1, collaborators: 2, keys: 2 });
    expect((await auditRows(db)).length).toBe(8);
  });

  it("updates names, expiries and later last use of rows it matches by email, slug and digest", async () => {
    await run({ json: JSON.stringify(bundle()), apply: true });
    const changed = bundle();
    (changed.users[0] as Record<string, unknown>).name = "Ana Lim-Tan";
    (changed.services[0] as Record<string, unknown>).name = "Parking and fines";
    (changed.keys[0] as Record<string, unknown>).expiresAt = "2028-01-01T00:00:00Z";
    (changed.keys[0] as Record<string, unknown>).lastUsedAt = "2026-11-01T00:00:00Z";
    (changed.groupEmails[0] as Record<string, unknown>).members = [
      "ana.lim@agency.gov.example",
      "cy@agency.gov.example",
    ];
    changed.users.push({ email: "cy@agency.gov.example", name: "Cy", status: "ACTIVE" });
    const { result } = await run({ json: JSON.stringify(changed), apply: true });
    const outcomes = Object.fromEntries(result.rows.map((r) => [`${r.kind} ${r.reference}`, r.outcome]));
    expect(outcomes).toMatchObject({
      "USER Ana.Lim@agency.gov.example": "UPDATED",
      "USER ben.tan@agency.gov.example": "UNCHANGED",
      "USER cy@agency.gov.example": "CREATED",
      "GROUP_EMAIL fin-team@agency.gov.example": "UPDATED",
      "SERVICE parking-fines": "UPDATED",
      "KEY Fines batch": "UPDATED",
      "KEY Old report key": "UNCHANGED",
    });
    const [key] = await db
      .em()
      .execute(`select expires_at, last_used_at, version from api_key where name = 'Fines batch'`);
    expect(new Date(key?.expires_at).toISOString()).toBe("2028-01-01T00:00:00.000Z");
    expect(key?.version).toBe(2);
    expect(await tableCounts()).toMatchObject({ holders: 4, memberships: 2 });
  });

  it("leaves a stored expiry alone when a later file does not state one (a CSV without the column)", async () => {
    expect((await run({ json: JSON.stringify(bundle()), apply: true })).result.applied).toBe(true);
    const csv: CsvFiles = [
      { kind: "USER", content: "email,name,status,departedAt\nana.lim@agency.gov.example,Ana Lim,ACTIVE,\n" },
      {
        kind: "KEY",
        content: `name,environment,holder,secretSha256,prefix\nFines batch,PRODUCTION,fin-team@agency.gov.example,${sha("sk_live_legacy_secret_0001")},sk_live_le\n`,
      },
    ];
    const again = await run({ csv, apply: true });
    expect(again.result.rows.map((r) => r.outcome)).toEqual(["UNCHANGED", "UNCHANGED"]);
    const [key] = await db.em().execute(`select expires_at, version from api_key where name = 'Fines batch'`);
    expect(new Date(key?.expires_at).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(key?.version).toBe(1);
  });

  it("refuses each bad field with its stable code and row number, and an apply with a refusal writes nothing", async () => {
    const bad = bundle({
      users: [
        { email: "not-an-email", name: "X", status: "ACTIVE" },
        { email: "a@agency.gov.example", name: "A\u0000", status: "ACTIVE" },
        { email: "b@agency.gov.example", name: "B", status: "GONE" },
        { email: "c@agency.gov.example", name: "C", status: "DEPARTED" },
        { email: "d@agency.gov.example", name: "D", status: "DEPARTED", departedAt: "30/06/2026" },
        { email: "e@agency.gov.example", name: "E", status: "ACTIVE", nickname: "e" },
        { email: "ok@agency.gov.example", name: "Ok", status: "ACTIVE" },
        { email: "OK@agency.gov.example", name: "Ok again", status: "ACTIVE" },
      ],
      groupEmails: [{ email: "team@agency.gov.example", name: "Team", members: ["nobody@agency.gov.example"] }],
      services: [
        { slug: "Parking Fines", name: "P" },
        { slug: "fines", name: "Fines" },
      ],
      collaborators: [
        { service: "fines", holder: "ok@agency.gov.example", role: "OWNER" },
        { service: "missing", holder: "ok@agency.gov.example", role: "BILLING" },
        { service: "fines", holder: "a@agency.gov.example", role: "BILLING" },
      ],
      keys: [
        {
          name: "k1",
          environment: "PRODUCTION",
          holder: "ok@agency.gov.example",
          secretSha256: "abc",
          prefix: "sk_x_",
        },
        { name: "k2", environment: "PRODUCTION", holder: "ok@agency.gov.example", secretSha256: sha("x") },
        { name: "k3", environment: "LIVE", holder: "ok@agency.gov.example" },
        { name: "k4", environment: "STAGING", holder: "ok@agency.gov.example", expiresAt: "2026-02-30" },
        {
          name: "k5",
          environment: "STAGING",
          holder: "ok@agency.gov.example",
          lastUsedAt: "2020-01-01",
          createdAt: "2021-01-01",
        },
      ],
    });
    const { result } = await run({ json: JSON.stringify(bad), apply: true });
    expect(result.applied).toBe(false);
    const refusals = result.rows
      .filter((r) => r.outcome === "REFUSED")
      .map((r) => `${r.kind}#${r.row} ${r.field}:${r.code}`);
    expect(refusals).toEqual([
      "USER#1 email:INVALID_EMAIL",
      "USER#2 name:INVALID_TEXT",
      "USER#3 status:INVALID_STATUS",
      "USER#4 departedAt:REQUIRED",
      "USER#5 departedAt:INVALID_DATE",
      "USER#6 nickname:BAD_USER_INPUT",
      "USER#8 email:DUPLICATE_ROW",
      "GROUP_EMAIL#1 members.0:HOLDER_NOT_FOUND",
      "SERVICE#1 slug:INVALID_SLUG",
      "COLLABORATOR#1 role:INVALID_ROLE",
      "COLLABORATOR#2 service:SERVICE_NOT_FOUND",
      "COLLABORATOR#3 holder:REFERENCE_REFUSED",
      "KEY#1 secretSha256:INVALID_DIGEST",
      "KEY#2 prefix:REQUIRED",
      "KEY#3 environment:INVALID_ENVIRONMENT",
      "KEY#4 expiresAt:INVALID_DATE",
      "KEY#5 lastUsedAt:OUT_OF_RANGE",
    ]);
    expect(result.refused).toBe(17);
    expect(await tableCounts()).toEqual({ holders: 0, services: 0, memberships: 0, collaborators: 0, keys: 0 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("refuses a date PostgreSQL cannot store (year 0) in the row, instead of failing the apply", async () => {
    const keys = [
      { name: "Ancient", environment: "STAGING", holder: "ana.lim@agency.gov.example", createdAt: "0000-06-01" },
      {
        name: "Just before year 1",
        environment: "STAGING",
        holder: "ana.lim@agency.gov.example",
        lastUsedAt: "0001-01-01T00:30:00+01:00",
      },
    ];
    const { result } = await run({ json: JSON.stringify(bundle({ keys })), apply: true });
    expect(result.applied).toBe(false);
    const refused = result.rows.filter((r) => r.outcome === "REFUSED");
    expect(refused).toMatchObject([
      { kind: "KEY", row: 1, code: "INVALID_DATE", field: "createdAt" },
      { kind: "KEY", row: 2, code: "INVALID_DATE", field: "lastUsedAt" },
    ]);
  });

  it("refuses rows that contradict what is stored: kind, status, key holder and environment", async () => {
    const f = factories(db.em());
    await f.group({ email: "ana.lim@agency.gov.example" });
    const { result } = await run({ json: JSON.stringify({ users: bundle().users }) });
    expect(result.rows[0]).toMatchObject({ outcome: "REFUSED", code: "HOLDER_KIND_CONFLICT", field: "email" });
    await db.reset();
    await run({ json: JSON.stringify(bundle()), apply: true });
    const moved = bundle();
    (moved.users[1] as Record<string, unknown>).status = "ACTIVE";
    delete (moved.users[1] as Record<string, unknown>).departedAt;
    (moved.keys[0] as Record<string, unknown>).holder = "ana.lim@agency.gov.example";
    const second = (await run({ json: JSON.stringify(moved) })).result;
    const codes = second.rows.filter((r) => r.outcome === "REFUSED").map((r) => `${r.kind}:${r.code}`);
    expect(codes).toEqual(["USER:STATUS_CHANGE_REFUSED", "KEY:KEY_HOLDER_DIFFERS", "KEY:REFERENCE_REFUSED"]);
  });

  it("reads one CSV file per kind, reporting rows by line", async () => {
    const csv: CsvFiles = [
      {
        kind: "USER",
        content:
          'email,name,status,departedAt\r\nana@agency.gov.example,"Lim, Ana",ACTIVE,\r\nben@agency.gov.example,Ben,DEPARTED,2026-06-30\r\n',
      },
      {
        kind: "GROUP_EMAIL",
        content: "email,name,members\nteam@agency.gov.example,Team,ana@agency.gov.example;ben@agency.gov.example\n",
      },
      { kind: "SERVICE", content: "slug,name\nfines,Fines\n" },
      { kind: "COLLABORATOR", content: "service,holder,role\nfines,team@agency.gov.example,BILLING\n" },
      {
        kind: "KEY",
        content: `name,environment,holder,secretSha256,prefix\nbatch,PRODUCTION,team@agency.gov.example,${sha("s")},sk_live_ab\nbad,PRODUCTION\n`,
      },
    ];
    const { result } = await run({ csv });
    const lines = result.rows.map((r) => `${r.kind}@${r.row}:${r.outcome}${r.code ? `:${r.code}` : ""}`);
    expect(lines).toEqual([
      "USER@2:CREATED",
      "USER@3:CREATED",
      "GROUP_EMAIL@2:REFUSED:USER_DEPARTED",
      "SERVICE@2:CREATED",
      "COLLABORATOR@2:REFUSED:REFERENCE_REFUSED",
      "KEY@2:REFUSED:REFERENCE_REFUSED",
      "KEY@3:REFUSED:INVALID_FILE",
    ]);
    expect(result.rows[0]?.reference).toBe("ana@agency.gov.example");
  });

  it("refuses a file it cannot read as a whole with INVALID_FILE, and callers below OPERATOR", async () => {
    const codes = async (input: ImportInput) => (await run(input)).payload?.errors.map((e) => e.code);
    expect(await codes({ json: "{not json" })).toEqual(["INVALID_FILE"]);
    expect(await codes({ json: "[]" })).toEqual(["INVALID_FILE"]);
    expect(await codes({ json: JSON.stringify({ people: [] }) })).toEqual(["INVALID_FILE"]);
    expect(await codes({})).toEqual(["INVALID_FILE"]);
    expect(await codes({ csv: [{ kind: "USER", content: "email,name,colour\n" }] })).toEqual(["INVALID_FILE"]);
    expect(await codes({ csv: [{ kind: "USER", content: 'email,name\n"open,x\n' }] })).toEqual(["INVALID_FILE"]);
    const viewer = await run({ json: JSON.stringify(bundle()) }, Role.VIEWER);
    expect(viewer.res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("imported keys count in the risks: one held by a departed user, one working nowhere", async () => {
    await run({ json: JSON.stringify(bundle()), apply: true });
    const res = await api.gql(
      graphql(`query ImportedRisks { risks { keysHeldByDepartedUsers { count } keysThatWorkNowhere { count } } }`),
    );
    expect(res.data?.risks).toEqual({ keysHeldByDepartedUsers: { count: 1 }, keysThatWorkNowhere: { count: 1 } });
  });

  it("two applies of one file at once: one creates, the other waits and finds everything unchanged", async () => {
    const input = { json: JSON.stringify(bundle()), apply: true };
    const [a, b] = await Promise.all([run(input), run(input)]);
    expect([a.result.applied, b.result.applied]).toEqual([true, true]);
    const outcomes = [a, b].map((r) => new Set(r.result.rows.map((row) => row.outcome)));
    expect(outcomes.map((o) => [...o].join()).sort()).toEqual(["CREATED", "UNCHANGED"]);
    expect(await tableCounts()).toEqual({ holders: 3, services: 1, memberships: 1, collaborators: 2, keys: 2 });
  });

  it("an apply waits for an offboarding under way and then refuses the leaver's new role", async () => {
    const first = bundle({ collaborators: [], keys: [], groupEmails: [] });
    expect((await run({ json: JSON.stringify(first), apply: true })).result.applied).toBe(true);
    const [ana] = await db
      .em()
      .execute<{ id: string }[]>("select id from holder where email = 'ana.lim@agency.gov.example'");
    // Ana's offboarding is under way (as offboardUser locks and updates the holder), not yet committed.
    const role = { service: "parking-fines", holder: "ana.lim@agency.gov.example", role: "BILLING" };
    const { result } = await afterWaitingOnCommit(
      db,
      async (offboarding) => {
        await offboarding.query("select id from holder where id = $1 for update", [ana?.id]);
        await offboarding.query(
          "update holder set status = 'DEPARTED', departed_at = now(), version = version + 1 where id = $1",
          [ana?.id],
        );
      },
      () => run({ json: JSON.stringify({ collaborators: [role] }), apply: true }),
    );
    expect(result.applied).toBe(false);
    expect(result.rows).toMatchObject([{ outcome: "REFUSED", code: "USER_DEPARTED", field: "holder" }]);
    expect(await tableCounts()).toMatchObject({ collaborators: 0 });
  });

  it("applies in a constant number of statements, whatever the number of rows", async () => {
    const sized = (n: number) => {
      const users = Array.from({ length: n }, (_, i) => ({
        email: `u${i}@agency.gov.example`,
        name: `U ${i}`,
        status: "ACTIVE",
      }));
      return {
        users,
        services: Array.from({ length: n }, (_, i) => ({ slug: `svc-${i}`, name: `S ${i}` })),
        groupEmails: [{ email: "all@agency.gov.example", name: "All", members: users.map((u) => u.email) }],
        collaborators: users.map((u, i) => ({ service: `svc-${i}`, holder: u.email, role: "BILLING" })),
        keys: users.map((u, i) => ({
          name: `k${i}`,
          environment: "PRODUCTION",
          holder: u.email,
          secretSha256: sha(`s${n}-${i}`),
          prefix: `sk_${i}_x`,
        })),
      };
    };
    const small = await run({ json: JSON.stringify(sized(3)), apply: true });
    await db.reset();
    const large = await run({ json: JSON.stringify(sized(300)), apply: true });
    expect(small.result.applied && large.result.applied).toBe(true);
    expect(large.res.sqlStatements).toBe(small.res.sqlStatements);
    // Lock, six reads, eight writes, the audit sets and the invalidation, plus the transaction's own.
    expect(large.res.sqlStatements).toBeLessThanOrEqual(20);
  });
});
