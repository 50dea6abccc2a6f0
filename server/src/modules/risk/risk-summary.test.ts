import pg from "pg";
import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { expectRiskSummariesExact } from "../../test-support/risk-summary.js";
import {
  finishedOrBlocked as blockedOrDone,
  withTwoTransactions as twoTransactions,
} from "../../test-support/two-transactions.js";
import { Environment } from "../api-key/environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const finishedOrBlocked = (b: pg.Client, statement: Promise<unknown>) => blockedOrDone(db, b, statement);
const withTwoTransactions = (work: (a: pg.Client, b: pg.Client) => Promise<unknown>) => twoTransactions(db, work);

/**
 * Runs `first` on `a`, then `second` on `b` until it finishes or waits for `a`; commits `a`, then
 * `b` once its statement is done. Says whether `second` had to wait for `a`'s commit.
 */
async function oneThenOther(
  a: pg.Client,
  first: [string, unknown[]],
  b: pg.Client,
  second: [string, unknown[]],
): Promise<"finished" | "blocked"> {
  await a.query(...first);
  const statement = b.query(...second);
  const state = await finishedOrBlocked(b, statement);
  await a.query("commit");
  await statement;
  await b.query("commit");
  return state;
}

/** Inserts an unrevoked, never-expiring key straight into the table, as a set-based import would. */
function insertKey(client: pg.Client, holderId: string, environment: Environment): Promise<unknown> {
  return client.query(
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
     values (gen_random_uuid(), 'imported', $1, $2, 'kh_live_impt', encode(sha256(gen_random_uuid()::text::bytea), 'hex'))`,
    [environment, holderId],
  );
}

const RISK_COUNTS =
  graphql(`{ risks(first: 50) { productionKeysHeldByIndividuals { count } keysHeldByDepartedUsers { count }
  keysThatWorkNowhere { count } keysExpiringSoon { count } unusedKeys { count } } }`);

async function riskCounts(): Promise<Record<string, number>> {
  const res = await api.gql(RISK_COUNTS);
  expect(res.errors).toBeUndefined();
  return Object.fromEntries(Object.entries(res.data?.risks ?? {}).map(([k, v]) => [k, (v as { count: number }).count]));
}

/** The risk counts the way they were first written: straight from the tables, one scan each. */
async function riskCountsFromTables(): Promise<Record<string, number>> {
  const [row = {}] = await db.em().execute(`select
    count(*) filter (where ${ACTIVE} and k.environment = 'PRODUCTION' and h.kind = 'USER' and h.status = 'ACTIVE')::int as p,
    count(*) filter (where k.revoked_at is null and h.kind = 'USER' and h.status = 'DEPARTED')::int as d,
    count(*) filter (where ${ACTIVE} and not exists (select 1 from collaborator c join service s on s.id = c.service_id
      where c.holder_id = k.holder_id and c.role = 'BILLING' and s.archived_at is null))::int as w,
    count(*) filter (where ${ACTIVE} and k.expires_at <= now() + interval '30 days')::int as e,
    count(*) filter (where ${ACTIVE} and (k.last_used_at <= now() - interval '90 days'
      or (k.last_used_at is null and k.created_at <= now() - interval '90 days')))::int as u
    from api_key k join holder h on h.id = k.holder_id`);
  return {
    productionKeysHeldByIndividuals: row.p,
    keysHeldByDepartedUsers: row.d,
    keysThatWorkNowhere: row.w,
    keysExpiringSoon: row.e,
    unusedKeys: row.u,
  };
}
const ACTIVE = "k.revoked_at is null and (k.expires_at is null or k.expires_at > now())";

describe("risk summaries", () => {
  it("stay exact through the API's writes: keys created, revoked, re-dated, reassigned, roles, archiving, offboarding", async () => {
    const f = factories(db.em());
    const alice = await f.user({ email: "alice@agency.gov.example" });
    const bob = await f.user();
    const team = await f.group({ email: "team@agency.gov.example" }, [alice, bob]);
    const fines = await f.service({ slug: "fines" });
    const permits = await f.service({ slug: "permits" });
    await f.collaborator(fines, alice);
    await f.collaborator(fines, team);
    const a1 = await f.key(alice, { name: "a1" });
    const a2 = await f.key(alice, { name: "a2", environment: Environment.STAGING });
    await f.key(team, { name: "t1", expiresAt: new Date(Date.now() + 5 * 86_400_000) });
    await expectRiskSummariesExact(db);

    const ok = (res: { data?: Record<string, { errors: unknown[] }>; errors?: unknown }, field: string) => {
      expect(res.errors).toBeUndefined();
      expect(res.data?.[field]?.errors).toEqual([]);
    };
    const created = await api.gql(
      graphql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } errors { code } } }`),
      {
        i: {
          holderId: bob.id,
          name: "bob's",
          environment: "PRODUCTION",
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    ok(created, "createApiKey");
    await expectRiskSummariesExact(db);
    ok(
      await api.gql(graphql(`mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { errors { code } } }`), {
        i: { id: a2.id, reason: "unused" },
      }),
      "revokeApiKey",
    );
    await expectRiskSummariesExact(db);
    ok(
      await api.gql(graphql(`mutation($i: UpdateApiKeyInput!) { updateApiKey(input: $i) { errors { code } } }`), {
        i: { id: a1.id, version: a1.version, expiresAt: new Date(Date.now() + 40 * 86_400_000).toISOString() },
      }),
      "updateApiKey",
    );
    await expectRiskSummariesExact(db);
    // Bob becomes Billing on permits: his key now works somewhere.
    const added = await api.gql(
      graphql(
        `mutation($i: AddCollaboratorInput!) { addCollaborator(input: $i) { collaborator { id } errors { code } } }`,
      ),
      { i: { serviceId: permits.id, holderId: bob.id, role: CollaboratorRole.BILLING } },
    );
    ok(added, "addCollaborator");
    await expectRiskSummariesExact(db);
    ok(
      await api.gql(graphql(`mutation($i: ArchiveServiceInput!) { archiveService(input: $i) { errors { code } } }`), {
        i: { id: permits.id, version: permits.version },
      }),
      "archiveService",
    );
    await expectRiskSummariesExact(db);
    ok(
      await api.gql(graphql(`mutation($i: ReassignApiKeysInput!) { reassignApiKeys(input: $i) { errors { code } } }`), {
        i: { ids: [a1.id], toHolderId: team.id },
      }),
      "reassignApiKeys",
    );
    await expectRiskSummariesExact(db);
    const a3 = await f.key(alice, { name: "a3" });
    ok(
      await api.gql(graphql(`mutation($i: OffboardUserInput!) { offboardUser(input: $i) { errors { code } } }`), {
        i: { userId: alice.id, defaultTargetId: team.id, decisions: [{ keyId: a3.id, action: "REVOKE" }] },
      }),
      "offboardUser",
    );
    await expectRiskSummariesExact(db);
    expect(await riskCounts()).toEqual(await riskCountsFromTables());
  });

  it("stay exact through set-based SQL on every table, and the risks read from them agree with a full count", async () => {
    const f = factories(db.em());
    const users = [await f.user(), await f.user(), await f.user()];
    const group = await f.group({}, users);
    const services = [await f.service(), await f.service()];
    const holders = [...users, group];
    const keys = [];
    for (const [i, holder] of holders.entries()) {
      keys.push(await f.key(holder, { environment: i % 2 ? Environment.STAGING : Environment.PRODUCTION }));
      keys.push(await f.key(holder, { expiresAt: new Date(Date.now() + (i + 1) * 3_600_000) }));
      keys.push(await f.key(holder, { expiresAt: new Date(Date.now() - (i + 1) * 60_000) }));
    }
    const run = (text: string, values: unknown[] = []) => db.em().execute(text, values);
    const steps: [string, unknown[]][] = [
      [
        "insert into collaborator (id, service_id, holder_id, role) select gen_random_uuid(), ?, id, 'BILLING' from holder",
        [services[0]?.id],
      ],
      ["update api_key set last_used_at = now()", []],
      ["update api_key set expires_at = expires_at + interval '2 days' where expires_at is not null", []],
      ["update holder set status = 'DEPARTED', departed_at = now() where id = ?", [users[0]?.id]],
      ["update service set archived_at = now() where id = ?", [services[0]?.id]],
      [
        "insert into collaborator (id, service_id, holder_id, role) values (gen_random_uuid(), ?, ?, 'BILLING')",
        [services[1]?.id, users[1]?.id],
      ],
      ["update api_key set holder_id = ? where holder_id = ?", [group.id, users[1]?.id]],
      ["update api_key set environment = 'STAGING' where environment = 'PRODUCTION' and holder_id = ?", [group.id]],
      ["update service set archived_at = null", []],
      ["update api_key set revoked_at = now(), revoked_reason = 'test' where holder_id = ?", [users[2]?.id]],
      ["delete from collaborator where holder_id = ?", [group.id]],
      ["update api_key set revoked_at = null, revoked_reason = null where holder_id = ?", [users[2]?.id]],
      ["update holder set status = 'ACTIVE', departed_at = null where id = ?", [users[0]?.id]],
      ["delete from api_key where holder_id = ?", [users[0]?.id]],
    ];
    for (const [text, values] of steps) {
      await run(text, values);
      await expectRiskSummariesExact(db);
      expect({ step: text, counts: await riskCounts() }).toEqual({ step: text, counts: await riskCountsFromTables() });
    }
  });

  it("count a key expiring later today as active and one expired earlier today as not", async () => {
    const f = factories(db.em());
    const person = await f.user();
    await f.key(person, { name: "still working", expiresAt: new Date(Date.now() + 60_000) });
    await f.key(person, { name: "just expired", expiresAt: new Date(Date.now() - 1_000) });
    await f.key(person, { name: "no expiry" });
    const counts = await riskCounts();
    expect(counts.productionKeysHeldByIndividuals).toBe(2);
    expect(counts.keysThatWorkNowhere).toBe(2);
    expect(counts.keysExpiringSoon).toBe(1);
    expect(counts).toEqual(await riskCountsFromTables());
  });

  it("stay exact when two transactions each remove one of a holder's two Billing roles at once", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const [s1, s2] = [await f.service(), await f.service()];
    const c1 = await f.collaborator(s1, person);
    const c2 = await f.collaborator(s2, person);
    await f.key(person);
    // b's trigger waits for a's lock on the holder's summary row, then sees a's delete.
    await withTwoTransactions((a, b) =>
      oneThenOther(a, ["delete from collaborator where id = $1", [c1.id]], b, [
        "delete from collaborator where id = $1",
        [c2.id],
      ]),
    );
    await expectRiskSummariesExact(db);
    expect((await riskCounts()).keysThatWorkNowhere).toBe(1);
  });

  it("wait for no summary when only a holder's email changes, and still for a role that changes", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const [billed, viewed] = [await f.service(), await f.service()];
    await f.collaborator(billed, person);
    await f.collaborator(viewed, person, CollaboratorRole.VIEWER);
    await f.key(person);
    // `a` holds the summary row of the service the person is Billing on; the email's copy to the
    // person's collaborations (a trigger) changes no holder, role or service, so it does not wait.
    const lockService = ["select 1 from risk_service where service_id = $1 for update", [billed.id]] as [
      string,
      unknown[],
    ];
    let renamed: string | undefined;
    await withTwoTransactions(async (a, b) => {
      renamed = await oneThenOther(a, lockService, b, [
        "update holder set email = $1 where id = $2",
        ["renamed@agency.gov.example", person.id],
      ]);
    });
    expect(renamed).toBe("finished");
    const [copied] = await db
      .em()
      .execute("select count(*)::int as n from collaborator where holder_email = ?", ["renamed@agency.gov.example"]);
    expect(copied?.n).toBe(2);
    let demoted: string | undefined;
    await withTwoTransactions(async (a, b) => {
      demoted = await oneThenOther(a, lockService, b, [
        "update collaborator set role = 'VIEWER' where service_id = $1 and holder_id = $2",
        [billed.id, person.id],
      ]);
    });
    expect(demoted).toBe("blocked");
    await expectRiskSummariesExact(db);
    expect((await riskCounts()).keysThatWorkNowhere).toBe(1);
  });

  it("stay exact when a key is created while its holder loses its last Billing role", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const service = await f.service();
    const role = await f.collaborator(service, person);
    const minted = await f.key(person);
    await withTwoTransactions((a, b) =>
      oneThenOther(
        a,
        [
          `insert into api_key (id, name, environment, holder_id, prefix, secret_digest)
           values (gen_random_uuid(), 'racing', 'PRODUCTION', $1, 'kh_live_race', repeat('a', 64))`,
          [person.id],
        ],
        b,
        ["delete from collaborator where id = $1", [role.id]],
      ),
    );
    expect(minted.id).toBeTruthy();
    await expectRiskSummariesExact(db);
    expect((await riskCounts()).keysThatWorkNowhere).toBe(2);
  });

  /** Two users' keys written by two concurrent transactions; both production keys are counted after. */
  async function twoWriters(work: (a: pg.Client, b: pg.Client, p1: string, p2: string) => Promise<void>) {
    const f = factories(db.em());
    const [p1, p2] = [await f.user(), await f.user()];
    await withTwoTransactions((a, b) => work(a, b, p1.id, p2.id));
    await expectRiskSummariesExact(db);
    expect((await riskCounts()).productionKeysHeldByIndividuals).toBe(2);
  }

  it("let writers for different holders in the same bucket go on without waiting for each other's commit", () =>
    // Same environment, class, billing and expiry day: one bucket of the counts.
    twoWriters(async (a, b, p1, p2) => {
      await insertKey(a, p1, Environment.PRODUCTION);
      expect(await finishedOrBlocked(b, insertKey(b, p2, Environment.PRODUCTION))).toBe("finished");
      await b.query("commit");
      await a.query("commit");
    }));

  it("never deadlock two writers that touch the same buckets in opposite orders", () =>
    twoWriters(async (a, b, p1, p2) => {
      await insertKey(a, p1, Environment.PRODUCTION);
      await insertKey(b, p2, Environment.STAGING);
      expect(await finishedOrBlocked(a, insertKey(a, p1, Environment.STAGING))).toBe("finished");
      expect(await finishedOrBlocked(b, insertKey(b, p2, Environment.PRODUCTION))).toBe("finished");
      await a.query("commit");
      await b.query("commit");
    }));

  it("fold into one row per bucket when risks are read, leaving an open writer's counts to it", async () => {
    const f = factories(db.em());
    const person = await f.user();
    for (let i = 0; i < 3; i++) await f.key(person, { name: `k${i}` });
    const unfolded = async () =>
      Number((await db.em().execute("select count(*) as n from risk_key_count where xact <> 0"))[0]?.n);
    expect(await unfolded()).toBeGreaterThan(0);
    await withTwoTransactions(async (a) => {
      await insertKey(a, person.id, Environment.PRODUCTION);
      // The open transaction's key is not counted yet, and its row is not folded.
      expect((await riskCounts()).productionKeysHeldByIndividuals).toBe(3);
      expect(await unfolded()).toBe(0);
      await a.query("commit");
    });
    expect(await unfolded()).toBe(1);
    await expectRiskSummariesExact(db);
    expect((await riskCounts()).productionKeysHeldByIndividuals).toBe(4);
    expect(await unfolded()).toBe(0);
    await expectRiskSummariesExact(db);
  });

  it("stay exact when keys, collaborators or services are truncated", async () => {
    const f = factories(db.em());
    const seed = async () => {
      const person = await f.user();
      const group = await f.group({}, [person]);
      const service = await f.service();
      await f.collaborator(service, person);
      await f.collaborator(service, group);
      await f.key(person);
      await f.key(group, { environment: Environment.STAGING });
    };
    await seed();
    // Tables that refer to keys (creation records, revocation records) go with them: cascade.
    for (const statement of ["truncate api_key cascade", "truncate collaborator", "truncate service cascade"]) {
      await db.em().execute(statement);
      await expectRiskSummariesExact(db);
      expect({ statement, counts: await riskCounts() }).toEqual({ statement, counts: await riskCountsFromTables() });
      await seed();
      await expectRiskSummariesExact(db);
    }
  });

  it("count the keys expiring within the window from the days summary and the window's last day", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const day = 86_400_000;
    const end = Date.now() + 30 * day;
    const endDay = Math.floor(end / day) * day;
    const hour = 3_600_000;
    // Whole days inside the window, the start of its last day, just inside and just outside its end.
    const at = [Date.now() + hour, Date.now() + day, Date.now() + 15 * day, endDay, end - hour, end + hour, end + day];
    for (const [i, time] of at.entries()) await f.key(person, { name: `expiring ${i}`, expiresAt: new Date(time) });
    expect((await riskCounts()).keysExpiringSoon).toBe(5);
    expect(await riskCounts()).toEqual(await riskCountsFromTables());
    const res = await api.gql(graphql(`{ risks(expiringWithinDays: 0) { keysExpiringSoon { count } } }`));
    expect(res.data?.risks?.keysExpiringSoon.count).toBe(0);
    const week = await api.gql(graphql(`{ risks(expiringWithinDays: 7) { keysExpiringSoon { count } } }`));
    expect(week.data?.risks?.keysExpiringSoon.count).toBe(2);
  });

  it("fold the days before the day before yesterday into one row per bucket when risks are read", async () => {
    const f = factories(db.em());
    const person = await f.user();
    const day = 86_400_000;
    for (const days of [-40, -20, -10, -1, 1, 10]) {
      await f.key(person, { name: `expiring ${days}`, expiresAt: new Date(Date.now() + days * day) });
    }
    await f.key(person, { name: "never expiring" });
    const pastDays = async () =>
      (
        await db.em().execute(
          `select expires_on::text as day, sum(n)::int as n from risk_key_count
            where expires_on < (now() at time zone 'UTC')::date - 2 group by 1 order by 1`,
        )
      ).map((r) => ({ ...r }));
    expect((await pastDays()).length).toBe(3);
    expect(await riskCounts()).toEqual(await riskCountsFromTables());
    // The three long-expired keys are one row now; the days ahead and yesterday keep theirs.
    expect(await pastDays()).toEqual([{ day: "-infinity", n: 3 }]);
    const recent =
      "select count(*)::int as n from risk_key_count where expires_on >= (now() at time zone 'UTC')::date - 2";
    expect(await db.em().execute(recent)).toEqual([{ n: 4 }]);
    await expectRiskSummariesExact(db);
    expect(await riskCounts()).toEqual(await riskCountsFromTables());
  });

  it("are read without waiting while another fold holds some rows, and still sum every row", async () => {
    const f = factories(db.em());
    const person = await f.user();
    await f.key(person, { name: "first" });
    await withTwoTransactions(async (a) => {
      // As a concurrent risks query folding: it holds the rows it is folding.
      await a.query("select 1 from risk_key_count where xact <> 0 for update");
      await f.key(person, { name: "second" });
      expect((await riskCounts()).productionKeysHeldByIndividuals).toBe(2);
      const rows = await db.em().execute("select xact <> 0 as unfolded from risk_key_count order by 1");
      expect(rows).toEqual([{ unfolded: false }, { unfolded: true }]);
      await a.query("commit");
    });
    expect((await riskCounts()).productionKeysHeldByIndividuals).toBe(2);
    await expectRiskSummariesExact(db);
  });
});

const GROUPS_AT_RISK = graphql(`{ risks(first: 50) { groupEmailsWithFewMembers { count items { title detail } } } }`);

async function groupsAtRisk() {
  const res = await api.gql(GROUPS_AT_RISK);
  expect(res.errors).toBeUndefined();
  return res.data?.risks?.groupEmailsWithFewMembers;
}

describe("group member summaries", () => {
  it("count the groups at risk exactly through every write that moves one in or out, folded when read", async () => {
    const f = factories(db.em());
    const [a, b, c, d] = [await f.user(), await f.user(), await f.user(), await f.user()];
    const empty = await f.group({ email: "empty@agency.gov.example" }, []);
    const single = await f.group({ email: "single@agency.gov.example" }, [a]);
    await f.group({ email: "pair@agency.gov.example" }, [b, c]);
    const unfolded = async () =>
      Number((await db.em().execute("select count(*) as n from risk_group_count where xact <> 0"))[0]?.n);
    expect(await unfolded()).toBeGreaterThan(0);
    await expectRiskSummariesExact(db);
    expect(await groupsAtRisk()).toMatchObject({ count: 2 });
    // Reading folded every committed transaction's row.
    expect(await unfolded()).toBe(0);

    const steps: [string, unknown[], number][] = [
      // Out: a second active member.
      ["insert into group_membership (group_id, user_id) values (?, ?)", [single.id, d.id], 1],
      // In: a member of the pair leaves.
      ["update holder set status = 'DEPARTED', departed_at = now() where id = ?", [b.id], 2],
      // Neither: a rename.
      ["update holder set email = 'renamed@agency.gov.example' where id = ?", [empty.id], 2],
      // Out: a group at risk is deleted.
      ["delete from holder where id = ?", [empty.id], 1],
      // Back: the departed member returns.
      ["update holder set status = 'ACTIVE', departed_at = null where id = ?", [b.id], 0],
      // In: every membership goes at once.
      ["truncate group_membership", [], 2],
      // In: two new groups in one statement.
      [
        `insert into holder (id, kind, email, name) values (gen_random_uuid(), 'GROUP', 'new1@agency.gov.example', 'New 1'),
           (gen_random_uuid(), 'GROUP', 'new2@agency.gov.example', 'New 2')`,
        [],
        4,
      ],
    ];
    for (const [statement, params, count] of steps) {
      await db.em().execute(statement, params);
      await expectRiskSummariesExact(db);
      expect((await groupsAtRisk())?.count, statement).toBe(count);
    }
  });

  it("let writers to different groups go on without waiting for each other's count, and count both", async () => {
    const f = factories(db.em());
    const [u1, u2] = [await f.user(), await f.user()];
    const [g1, g2] = [await f.group({}, [u1]), await f.group({}, [u2])];
    expect(await groupsAtRisk()).toMatchObject({ count: 2 });
    await withTwoTransactions(async (a, b) => {
      const leave = "delete from group_membership where group_id = $1";
      await a.query(leave, [g1.id]);
      // Another transaction changes the count too, and does not wait for the first's commit.
      expect(await finishedOrBlocked(b, b.query(leave, [g2.id]))).toBe("finished");
      const join = "insert into group_membership (group_id, user_id) values ($1, $2)";
      await b.query(join, [g2.id, u1.id]);
      await b.query(join, [g2.id, u2.id]);
      await b.query("commit");
      await a.query("commit");
    });
    await expectRiskSummariesExact(db);
    expect(await groupsAtRisk()).toMatchObject({ count: 1 });
  });

  it("stay exact when a user joins a group while departing, whichever transaction locks first", async () => {
    const f = factories(db.em());
    for (const joinFirst of [true, false]) {
      const [u1, u2] = [await f.user(), await f.user()];
      const group = await f.group({}, [u1]);
      await withTwoTransactions(async (a, b) => {
        const join: [string, unknown[]] = [
          "insert into group_membership (group_id, user_id) values ($1, $2)",
          [group.id, u2.id],
        ];
        const depart: [string, unknown[]] = [
          "update holder set status = 'DEPARTED', departed_at = now() where id = $1",
          [u2.id],
        ];
        const waited = joinFirst ? await oneThenOther(a, join, b, depart) : await oneThenOther(b, depart, a, join);
        expect(waited).toBe("blocked");
      });
      await expectRiskSummariesExact(db);
      const [row] = await db.em().execute("select active_members from risk_group where group_id = ?", [group.id]);
      expect(row?.active_members).toBe(1);
    }
    expect(await groupsAtRisk()).toMatchObject({ count: 2 });
  });

  it("stay exact when two users join one group at once, and when a member is deleted", async () => {
    const f = factories(db.em());
    const [u1, u2, u3] = [await f.user(), await f.user(), await f.user()];
    const group = await f.group({ email: "pair@agency.gov.example" }, [u1]);
    await withTwoTransactions(async (a, b) => {
      const join = "insert into group_membership (group_id, user_id) values ($1, $2)";
      expect(await oneThenOther(a, [join, [group.id, u2.id]], b, [join, [group.id, u3.id]])).toBe("blocked");
    });
    await expectRiskSummariesExact(db);
    expect(await groupsAtRisk()).toEqual({ count: 0, items: [] });

    // The memberships go by cascade: the trigger recounts, so the group is counted right.
    await db.em().execute("delete from group_membership where user_id = ?", [u2.id]);
    await db.em().execute("delete from holder where id = ?", [u3.id]);
    await expectRiskSummariesExact(db);
    expect(await groupsAtRisk()).toEqual({
      count: 1,
      items: [{ title: "pair@agency.gov.example", detail: "1 active member." }],
    });
  });
});
