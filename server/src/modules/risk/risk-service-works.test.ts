import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { expectRiskSummariesExact } from "../../test-support/risk-summary.js";
import { finishedOrBlocked, withTwoTransactions } from "../../test-support/two-transactions.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const SERVICES_AT_RISK = graphql(
  `{ risks(first: 50) { servicesWithoutWorkingKey { count items { subjectType subjectId title } } } }`,
);

async function servicesAtRisk(): Promise<string[]> {
  const res = await api.gql(SERVICES_AT_RISK);
  expect(res.errors).toBeUndefined();
  const found = res.data?.risks?.servicesWithoutWorkingKey;
  expect(found?.count).toBe(found?.items.length);
  return found?.items.map((i: { title: string }) => i.title) ?? [];
}

/** An unrevoked key of `holderId`, never expiring unless `expiresAt` says, inserted as an import would. */
function insertKey(client: pg.Client, holderId: string, expiresAt: Date | null = null): Promise<unknown> {
  return client.query(
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, expires_at)
     values (gen_random_uuid(), 'racing', 'PRODUCTION', $1, 'kh_live_race', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), $2)`,
    [holderId, expiresAt],
  );
}

/** Runs `first` in one transaction, then `second` in another, which must wait; commits both in that order. */
async function race(first: (c: pg.Client) => Promise<unknown>, second: (c: pg.Client) => Promise<unknown>) {
  await withTwoTransactions(db, async (a, b) => {
    await first(a);
    const waiting = second(b);
    expect(await finishedOrBlocked(db, b, waiting)).toBe("blocked");
    await a.query("commit");
    await waiting;
    await b.query("commit");
  });
}

describe("services without a working key", () => {
  it("list live services with Billing collaborators whose keys have all expired, by slug", async () => {
    const f = factories(db.em());
    const [lapsed, current] = [await f.user(), await f.user()];
    const fines = await f.service({ slug: "fines" });
    const permits = await f.service({ slug: "permits" });
    const archived = await f.service({ slug: "archived", archivedAt: new Date() });
    const parking = await f.service({ slug: "parking" });
    await f.service({ slug: "no-billing" });
    for (const service of [permits, fines, archived]) await f.collaborator(service, lapsed);
    await f.collaborator(parking, current);
    await f.collaborator(parking, lapsed);
    await f.key(lapsed, { expiresAt: new Date(Date.now() - 60_000) });
    await f.key(current, { expiresAt: new Date(Date.now() + 3_600_000) });
    // The summary also holds when each key's expiry passes, with no write (expectRiskSummariesExact
    // checks the services at risk around every expiry against the two-hop rule).
    await expectRiskSummariesExact(db);
    // Archived services and services without Billing collaborators are never listed.
    expect(await servicesAtRisk()).toEqual(["fines", "permits"]);
    await f.key(lapsed);
    expect(await servicesAtRisk()).toEqual([]);
    await expectRiskSummariesExact(db);
  });

  it("stay exact when a key is created while its holder becomes Billing on the service, whichever locks first", async () => {
    const f = factories(db.em());
    for (const keyFirst of [true, false]) {
      const [person, other] = [await f.user(), await f.user()];
      const service = await f.service({ slug: keyFirst ? "key-first" : "role-first" });
      await f.collaborator(service, other);
      const key = (c: pg.Client) => insertKey(c, person.id);
      const role = (c: pg.Client) =>
        c.query(
          "insert into collaborator (id, service_id, holder_id, role) values (gen_random_uuid(), $1, $2, 'BILLING')",
          [service.id, person.id],
        );
      // The second waits for the first on the holder's row, then reads what it committed.
      if (keyFirst) await race(key, role);
      else await race(role, key);
      await expectRiskSummariesExact(db);
    }
    expect(await servicesAtRisk()).toEqual([]);
  });

  it("stay exact when two transactions each revoke one of a service's two working keys at once", async () => {
    const f = factories(db.em());
    const [p1, p2] = [await f.user(), await f.user()];
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, p1);
    await f.collaborator(service, p2);
    const [k1, k2] = [await f.key(p1), await f.key(p2)];
    const revoke = (id: string) => (c: pg.Client) =>
      c.query("update api_key set revoked_at = now(), revoked_reason = 'test' where id = $1", [id]);
    // Each holder's time changes; the second recomputes the service after the first committed.
    await race(revoke(k1.id), revoke(k2.id));
    await expectRiskSummariesExact(db);
    expect(await servicesAtRisk()).toEqual(["fines"]);
  });

  it("stay exact when a key is revoked while its service is unarchived, whichever locks first", async () => {
    const f = factories(db.em());
    for (const revokeFirst of [true, false]) {
      const person = await f.user();
      const service = await f.service({
        slug: revokeFirst ? "revoke-first" : "unarchive-first",
        archivedAt: new Date(),
      });
      await f.collaborator(service, person);
      const key = await f.key(person);
      const revoke = (c: pg.Client) =>
        c.query("update api_key set revoked_at = now(), revoked_reason = 'test' where id = $1", [key.id]);
      const unarchive = (c: pg.Client) => c.query("update service set archived_at = null where id = $1", [service.id]);
      if (revokeFirst) await race(revoke, unarchive);
      else await race(unarchive, revoke);
      await expectRiskSummariesExact(db);
    }
    expect(await servicesAtRisk()).toEqual(["revoke-first", "unarchive-first"]);
  });

  it("stay exact when a holder loses its Billing role while its key is re-dated into the past", async () => {
    const f = factories(db.em());
    const [p1, p2] = [await f.user(), await f.user()];
    const service = await f.service({ slug: "fines" });
    const role = await f.collaborator(service, p1);
    await f.collaborator(service, p2);
    const key = await f.key(p2);
    await f.key(p1, { expiresAt: new Date(Date.now() - 60_000) });
    const expire = (c: pg.Client) =>
      c.query("update api_key set expires_at = now() - interval '1 minute' where id = $1", [key.id]);
    const remove = (c: pg.Client) => c.query("delete from collaborator where id = $1", [role.id]);
    // Different holders: the role's removal waits for the service's row, then reads the new time.
    await race(expire, remove);
    await expectRiskSummariesExact(db);
    expect(await servicesAtRisk()).toEqual(["fines"]);
  });
});
