import { createHash } from "node:crypto";
import type { TadaDocumentNode } from "@keyholder/graphql";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { expectKeyCountsExact } from "../../test-support/key-count.js";
import { finishedOrBlocked, withTwoTransactions } from "../../test-support/two-transactions.js";
import { Environment } from "./environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Every filter the summary answers, and one it does not (holderStatus), each as the list's totalCount and its rows. */
const FILTERS = [
  {},
  { environment: "PRODUCTION" },
  { holderKind: "GROUP" },
  { holderKind: "USER", environment: "STAGING" },
  { status: "REVOKED" },
  { status: "ACTIVE" },
  { status: "EXPIRED", holderKind: "USER" },
  { suspended: true },
  { suspended: false, status: "ACTIVE", environment: "PRODUCTION" },
  { expiresWithinDays: 0 },
  { expiresWithinDays: 1 },
  { expiresWithinDays: 30, holderKind: "USER" },
  { expiresWithinDays: 3650, status: "ACTIVE" },
  { holderStatus: "ACTIVE" },
  { unusedForDays: 1 },
  { unusedForDays: 30, environment: "PRODUCTION", suspended: false, holderKind: "USER" },
] as const;

const TOTALS = graphql(`
  query($f0: ApiKeyFilter, $f1: ApiKeyFilter, $f2: ApiKeyFilter, $f3: ApiKeyFilter, $f4: ApiKeyFilter, $f5: ApiKeyFilter,
        $f6: ApiKeyFilter, $f7: ApiKeyFilter, $f8: ApiKeyFilter, $f9: ApiKeyFilter, $f10: ApiKeyFilter, $f11: ApiKeyFilter,
        $f12: ApiKeyFilter, $f13: ApiKeyFilter, $f14: ApiKeyFilter, $f15: ApiKeyFilter) {
    f0: apiKeys(first: 500, filter: $f0) { totalCount nodes { id } }
    f1: apiKeys(first: 500, filter: $f1) { totalCount nodes { id } }
    f2: apiKeys(first: 500, filter: $f2) { totalCount nodes { id } }
    f3: apiKeys(first: 500, filter: $f3) { totalCount nodes { id } }
    f4: apiKeys(first: 500, filter: $f4) { totalCount nodes { id } }
    f5: apiKeys(first: 500, filter: $f5) { totalCount nodes { id } }
    f6: apiKeys(first: 500, filter: $f6) { totalCount nodes { id } }
    f7: apiKeys(first: 500, filter: $f7) { totalCount nodes { id } }
    f8: apiKeys(first: 500, filter: $f8) { totalCount nodes { id } }
    f9: apiKeys(first: 500, filter: $f9) { totalCount nodes { id } }
    f10: apiKeys(first: 500, filter: $f10) { totalCount nodes { id } }
    f11: apiKeys(first: 500, filter: $f11) { totalCount nodes { id } }
    f12: apiKeys(first: 500, filter: $f12) { totalCount nodes { id } }
    f13: apiKeys(first: 500, filter: $f13) { totalCount nodes { id } }
    f14: apiKeys(first: 500, filter: $f14) { totalCount nodes { id } }
    f15: apiKeys(first: 500, filter: $f15) { totalCount nodes { id } }
  }
`);

/** The kept counts equal a recount, and every filter's totalCount equals its rows (fewer than a page). */
async function expectExact(nonEmpty = 0): Promise<void> {
  await expectKeyCountsExact(db);
  const variables = Object.fromEntries(FILTERS.map((f, i) => [`f${i}`, f]));
  const res = await api.gql(TOTALS, variables as never);
  expect(res.errors).toBeUndefined();
  const data = res.data as Record<string, { totalCount: number; nodes: unknown[] }>;
  FILTERS.forEach((filter, i) => {
    const list = data[`f${i}`];
    expect(list?.totalCount, JSON.stringify(filter)).toBe(list?.nodes.length);
  });
  expect(FILTERS.filter((_, i) => (data[`f${i}`]?.totalCount ?? 0) > 0).length).toBeGreaterThanOrEqual(nonEmpty);
}

/** Inserts an unrevoked key of `holderId` straight into the table, as a set-based import would. */
const insertKey = (client: pg.Client, holderId: string) =>
  client.query(
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
     values (gen_random_uuid(), 'raw', 'PRODUCTION', $1, 'kh_live_raw0', encode(sha256(gen_random_uuid()::text::bytea), 'hex'))`,
    [holderId],
  );

const versionOf = async (id: string) =>
  Number((await db.em().execute("select version from api_key where id = ?", [id]))[0]?.version);

/** Runs one mutation that must succeed (no error, none in its payload), then checks the counts. */
async function writeThenExpectExact<R extends object, V>(
  mutation: TadaDocumentNode<R, V>,
  variables: V,
): Promise<void> {
  const payloads = Object.values(await api.execute(mutation, variables)) as { errors: unknown[] }[];
  expect(payloads).toHaveLength(1);
  expect(payloads[0]?.errors).toEqual([]);
  await expectExact();
}

describe("the keys list's totalCount from the kept counts", () => {
  it("stays exact through every kind of key write: create, re-date, suspend, resume, rotate, revoke, reassign, offboard, import, delete", async () => {
    const f = factories(db.em());
    const alice = await f.user();
    const bob = await f.user();
    const team = await f.group({}, [alice, bob]);
    const other = await f.group({}, [bob]);
    const fines = await f.service();
    await f.collaborator(fines, alice);
    await f.collaborator(fines, team);
    const now = Date.now();
    const a1 = await f.key(alice, { expiresAt: new Date(now + 2 * HOUR) });
    const a2 = await f.key(alice, { environment: Environment.STAGING, expiresAt: new Date(now - 2 * HOUR) });
    const a3 = await f.key(alice, { expiresAt: new Date(now + 30 * DAY) });
    await f.key(alice, { expiresAt: new Date(now - 40 * DAY) });
    await f.key(alice, { createdAt: new Date(now - 40 * DAY) });
    await f.key(bob, { createdAt: new Date(now - 2 * DAY), expiresAt: new Date(now + 60 * DAY) });
    await f.key(bob, { expiresAt: new Date(now + 31 * DAY), environment: Environment.STAGING });
    await f.key(team, { expiresAt: new Date(now + DAY) });
    await f.key(team, { revokedAt: new Date(now - DAY), revokedReason: "old" });
    await f.keys([0, 1, 2].map((i) => ({ holder: bob, name: `bulk ${i}` })));
    // Not vacuous: most filters match some of these keys.
    await expectExact(12);

    await writeThenExpectExact(
      graphql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } errors { code } } }`),
      {
        i: {
          holderId: team.id,
          name: "team prod",
          environment: "PRODUCTION",
          expiresAt: new Date(now + 5 * DAY).toISOString(),
        },
      },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: UpdateApiKeyInput!) { updateApiKey(input: $i) { errors { code } } }`),
      { i: { id: a2.id, version: a2.version, expiresAt: new Date(now + 3 * DAY).toISOString() } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: SuspendApiKeyInput!) { suspendApiKey(input: $i) { errors { code } } }`),
      { i: { id: a1.id, reason: "investigating" } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { errors { code } } }`),
      { i: { id: a3.id } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: ResumeApiKeyInput!) { resumeApiKey(input: $i) { errors { code } } }`),
      { i: { id: a1.id } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { errors { code } } }`),
      { i: { id: a3.id, reason: "leaked" } },
    );
    // A user's key to a group email: its holder kind changes.
    await writeThenExpectExact(
      graphql(`mutation($i: ReassignApiKeyInput!) { reassignApiKey(input: $i) { errors { code } } }`),
      { i: { id: a1.id, toHolderId: team.id, version: await versionOf(a1.id) } },
    );
    const bobs = (await db.em().execute("select id from api_key where holder_id = ?", [bob.id])) as { id: string }[];
    await writeThenExpectExact(
      graphql(`mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { errors { code } } }`),
      { i: { ids: bobs.map((k) => k.id), toHolderId: other.id, allowWiderAccess: true } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: RevokeApiKeysInput!) { revokeApiKeys(input: $i) { errors { code } } }`),
      { i: { ids: bobs.slice(0, 2).map((k) => k.id), reason: "batch" } },
    );
    await writeThenExpectExact(
      graphql(`mutation($i: OffboardUserInput!) { offboardUser(input: $i) { errors { code } } }`),
      { i: { userId: alice.id, defaultTargetId: team.id } },
    );
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const imported = await api.gql(
      graphql(
        `mutation($input: ImportInventoryInput!) { importInventory(input: $input) { result { applied refused } errors { code } } }`,
      ),
      {
        input: {
          apply: true,
          json: JSON.stringify({
            groupEmails: [{ email: "imported-team@agency.gov.example", name: "Imported" }],
            keys: [
              {
                name: "legacy",
                environment: "STAGING",
                holder: "imported-team@agency.gov.example",
                secretSha256: sha("legacy"),
                prefix: "sk_legacy",
              },
              {
                name: "untraced",
                environment: "PRODUCTION",
                holder: "imported-team@agency.gov.example",
                prefix: "pk_old",
              },
            ],
          }),
        },
      },
    );
    expect(imported.data?.importInventory.result).toEqual({ applied: true, refused: 0 });
    await expectExact();
    await db
      .em()
      .execute("delete from api_key where id in (select id from api_key where revoked_at is not null limit 2)");
    await expectExact();
  });

  it("costs one statement, reading whole days from the summary, and folds what writers left", async () => {
    const f = factories(db.em());
    const user = await f.user();
    for (let i = 0; i < 3; i++) await f.key(user, { expiresAt: new Date(Date.now() + (i + 2) * DAY) });
    const unfolded = async () =>
      Number((await db.em().execute("select count(*) as n from api_key_count where xact <> 0"))[0]?.n);
    expect(await unfolded()).toBeGreaterThan(0);
    const res = await api.gql(graphql(`query($f: ApiKeyFilter) { apiKeys(first: 1, filter: $f) { totalCount } }`), {
      f: { expiresWithinDays: 30, environment: "PRODUCTION" },
    });
    expect(res.data?.apiKeys.totalCount).toBe(3);
    // The page and its count.
    expect(res.sqlStatements).toBe(2);
    expect(await unfolded()).toBe(0);
    await expectKeyCountsExact(db);
  });

  it("counts an open writer's keys only once it commits, without waiting for it or folding its rows", async () => {
    const f = factories(db.em());
    const user = await f.user();
    await f.key(user);
    const total = async () =>
      (await api.execute(graphql(`{ apiKeys(first: 1, filter: { holderKind: USER }) { totalCount } }`))).apiKeys
        .totalCount;
    await withTwoTransactions(db, async (a) => {
      await insertKey(a, user.id);
      expect(await total()).toBe(1);
      const open = await db.em().execute("select count(*)::int as n from api_key_count where xact <> 0");
      expect(open).toEqual([{ n: 0 }]);
      await a.query("commit");
    });
    expect(await total()).toBe(2);
    await expectKeyCountsExact(db);
  });

  it("folds days long past into one, keeping every count", async () => {
    const f = factories(db.em());
    const user = await f.user();
    for (const days of [3, 10, 400]) await f.key(user, { expiresAt: new Date(Date.now() - days * DAY) });
    await api.execute(graphql(`{ apiKeys(first: 1) { totalCount } }`));
    const days = await db.em().execute("select distinct expires_on::text as d from api_key_count where not revoked");
    expect(days).toEqual([{ d: "-infinity" }]);
    await expectKeyCountsExact(db);
    const expired = await api.execute(graphql(`{ apiKeys(first: 1, filter: { status: EXPIRED }) { totalCount } }`));
    expect(expired.apiKeys.totalCount).toBe(3);
  });

  it("loses no key when two transactions write keys of the same kind and environment at once, and neither waits", async () => {
    const f = factories(db.em());
    // Different holders: two key writes for one holder take turns on its risk summary row.
    const [p1, p2] = [await f.user(), await f.user()];
    await withTwoTransactions(db, async (a, b) => {
      await insertKey(a, p1.id);
      // Same environment, holder kind, state and expiry: one bucket.
      expect(await finishedOrBlocked(db, b, insertKey(b, p2.id))).toBe("finished");
      expect(await finishedOrBlocked(db, a, insertKey(a, p1.id))).toBe("finished");
      expect(await finishedOrBlocked(db, b, insertKey(b, p2.id))).toBe("finished");
      await b.query("commit");
      await a.query("commit");
    });
    await expectExact();
    const res = await api.execute(graphql(`{ apiKeys(first: 1, filter: { holderKind: USER }) { totalCount } }`));
    expect(res.apiKeys.totalCount).toBe(4);
  });

  it("stays exact when a key is revoked while another transaction moves it, in either order", async () => {
    const f = factories(db.em());
    const user = await f.user();
    const group = await f.group();
    for (const first of ["revoke", "move"] as const) {
      const key = await f.key(user);
      const revoke = "update api_key set revoked_at = now(), revoked_reason = 'x' where id = $1";
      const move = "update api_key set holder_id = $2 where id = $1";
      await withTwoTransactions(db, async (a, b) => {
        await a.query(first === "revoke" ? revoke : move, first === "revoke" ? [key.id] : [key.id, group.id]);
        const second = b.query(first === "revoke" ? move : revoke, first === "revoke" ? [key.id, group.id] : [key.id]);
        expect(await finishedOrBlocked(db, b, second)).toBe("blocked");
        await a.query("commit");
        await second;
        await b.query("commit");
      });
      await expectExact();
    }
  });

  it("refuses to change a holder's kind, which the counts depend on", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await expect(
      db.em().execute("update holder set kind = 'USER', status = 'ACTIVE' where id = ?", [group.id]),
    ).rejects.toThrow(/kind never changes/);
  });

  it("stays exact after keys are truncated", async () => {
    const f = factories(db.em());
    await f.key(await f.user());
    await db.em().execute("truncate api_key cascade");
    await expectKeyCountsExact(db);
    expect(await db.em().execute("select count(*)::int as n from api_key_count")).toEqual([{ n: 0 }]);
  });
});
