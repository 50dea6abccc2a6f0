import type { GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { keyholderSchema } from "../../composition/schema.js";
import { seedDemoData } from "../../seed/demo.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { Environment } from "../api-key/environment.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

/** Every kind of risk: the fields of the `Risks` type. */
const CATEGORIES = Object.keys(((await keyholderSchema()).getType("Risks") as GraphQLObjectType).getFields());
const DEPARTED_HOLDERS_KEYS = graphql(`
  query DepartedHoldersKeys { risks { keysHeldByDepartedUsers { count items { subjectId detail fix holderId holderEmail } } } }
`);
// Text, not a document: it asks for every field the schema's `Risks` has, so a new kind of risk is
// covered here without editing the test, which a document's fixed selection cannot do.
const RISKS = `query($first: Int) { risks(first: $first) { ${CATEGORIES.map(
  (c) => `${c} { count items { subjectType subjectId title detail fix } }`,
).join(" ")} } }`;

describe("risks", () => {
  it("finds every kind of risk in the demo organisation, each item with a fix", async () => {
    await seedDemoData(db.em());
    const res = await api.gql(RISKS, { first: 3 });
    expect(res.errors).toBeUndefined();
    for (const category of CATEGORIES) {
      const found = res.data?.risks?.[category];
      expect(found.count, category).toBeGreaterThan(0);
      expect(found.items.length, category).toBe(Math.min(3, found.count));
      for (const item of found.items) expect(item.fix.length, category).toBeGreaterThan(10);
      const kind = category.startsWith("groupEmails")
        ? "GROUP_EMAIL"
        : category.startsWith("services")
          ? "SERVICE"
          : "API_KEY";
      expect(new Set(found.items.map((i: { subjectType: string }) => i.subjectType)), category).toEqual(
        new Set([kind]),
      );
    }
    // Whatever the data: one statement for the key counts, one for the key items, one each for
    // the groups and the services.
    expect(res.sqlStatements).toBe(4);
  });

  it("counts exactly the keys and groups at risk, and nothing healthy", async () => {
    const f = factories(db.em());
    const person = await f.user({ email: "person@agency.gov.example" });
    const other = await f.user();
    const gone = await f.user({ email: "gone@agency.gov.example", status: UserStatus.DEPARTED });
    const team = await f.group({ email: "team@agency.gov.example" }, [person, other]);
    const lonely = await f.group({ email: "lonely@agency.gov.example" }, [person, gone]);
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, team);
    await f.collaborator(service, person);
    const personal = await f.key(person, { environment: Environment.PRODUCTION, name: "personal prod" });
    await f.key(person, { environment: Environment.STAGING, name: "personal staging" });
    await f.key(team, { environment: Environment.PRODUCTION, name: "team prod" });
    const legacy = await f.key(gone, { name: "legacy" });
    const nowhere = await f.key(lonely, { name: "nowhere" });
    const res = await api.gql(RISKS, { first: 10 });
    const risks = res.data?.risks;
    expect(risks.productionKeysHeldByIndividuals.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([
      personal.id,
    ]);
    expect(risks.keysHeldByDepartedUsers.items.map((i: { subjectId: string }) => i.subjectId)).toEqual([legacy.id]);
    expect(risks.keysThatWorkNowhere.items.map((i: { subjectId: string }) => i.subjectId).sort()).toEqual(
      [legacy.id, nowhere.id].sort(),
    );
    expect(risks.groupEmailsWithFewMembers.items.map((i: { title: string }) => i.title)).toEqual([
      "lonely@agency.gov.example",
    ]);
    expect(risks.servicesWithoutWorkingKey.count).toBe(0);
  });

  it("says where a departed holder's key still works, or that it works nowhere, and leaves out revoked and expired ones", async () => {
    const f = factories(db.em());
    const gone = await f.user({ email: "gone@agency.gov.example", status: UserStatus.DEPARTED });
    const idle = await f.user({ email: "idle@agency.gov.example", status: UserStatus.DEPARTED });
    await f.collaborator(await f.service({ slug: "permits" }), gone);
    await f.collaborator(await f.service({ slug: "fines" }), gone);
    const working = await f.key(gone, { name: "working" });
    const nowhere = await f.key(idle, { name: "nowhere" });
    await f.key(gone, { name: "revoked", revokedAt: new Date(Date.now() - 1000) });
    await f.key(gone, { name: "expired", expiresAt: new Date(Date.now() - 1000) });
    const departed = (await api.execute(DEPARTED_HOLDERS_KEYS)).risks.keysHeldByDepartedUsers;
    expect(departed.count).toBe(2);
    const byKey = Object.fromEntries(departed.items.map((i) => [i.subjectId, i]));
    expect(byKey[working.id]).toMatchObject({
      detail: "Held by gone@agency.gov.example, who has left; it still works on fines, permits.",
      holderId: gone.id,
      holderEmail: "gone@agency.gov.example",
    });
    expect(byKey[nowhere.id]).toMatchObject({
      detail:
        "Held by idle@agency.gov.example, who has left; it works nowhere, as idle@agency.gov.example is a Billing collaborator on no service.",
      holderId: idle.id,
    });
    expect(byKey[working.id]?.fix).toContain("Offboard gone@agency.gov.example");
  });

  it("lists the same newest keys that work nowhere whether it walks the newest keys or starts from their holders", async () => {
    const f = factories(db.em());
    const service = await f.service({ slug: "fines" });
    const billing = await f.group({ email: "billing@agency.gov.example" }, []);
    await f.collaborator(service, billing);
    const idle = [
      await f.group({ email: "idle-a@agency.gov.example" }, []),
      await f.group({ email: "idle-b@agency.gov.example" }, []),
    ];
    const minute = 60_000;
    const start = Date.now() - 100 * minute;
    // Ten active keys, six of them of holders Billing nowhere, created a minute apart, interleaved.
    const keys = [];
    for (let i = 0; i < 10; i++) {
      const holder = i % 5 < 3 ? (idle[i % 2] as typeof billing) : billing;
      keys.push({ holder, key: await f.key(holder, { name: `key ${i}`, createdAt: new Date(start + i * minute) }) });
    }
    const newestFirst = keys
      .filter(({ holder }) => holder !== billing)
      .map(({ key }) => key.id)
      .reverse();
    const NOWHERE = graphql(`
      query KeysThatWorkNowhere($first: Int) { risks(first: $first) { keysThatWorkNowhere { count items { subjectId } } } }
    `);
    // 6 of 10 active keys: a page of 1 (6 × 6 > 1 × 10) walks the newest keys asking each of its
    // holder; a page of 20 (6 × 6 ≤ 20 × 10) reads the keys of the two holders and sorts them.
    for (const first of [1, 3, 20]) {
      const { count, items } = (await api.execute(NOWHERE, { first })).risks.keysThatWorkNowhere;
      expect(count, `first: ${first}`).toBe(6);
      expect(
        items.map((i) => i.subjectId),
        `first: ${first}`,
      ).toEqual(newestFirst.slice(0, first));
    }
  });

  it("words its items for people: counts with the form they need, no parameter names", async () => {
    const f = factories(db.em());
    const person = await f.user({ email: "person@agency.gov.example" });
    await f.group({ email: "one@agency.gov.example" }, [person]);
    await f.group({ email: "none@agency.gov.example" }, []);
    await f.key(person, { environment: Environment.PRODUCTION, name: "personal prod" });
    const risks = (await api.gql(RISKS, { first: 10 })).data?.risks;
    expect(risks.groupEmailsWithFewMembers.items.map((i: { detail: string }) => i.detail)).toEqual([
      "0 active members.",
      "1 active member.",
    ]);
    const fix = risks.productionKeysHeldByIndividuals.items[0].fix as string;
    expect(fix).toBe(
      "Reassign it to a group email that is a Billing collaborator where it works, so it keeps working there.",
    );
    for (const category of CATEGORIES) {
      for (const item of risks[category].items) expect(`${item.detail} ${item.fix}`).not.toMatch(/\(s\)|keepAccess/);
    }
  });

  it("rejects out-of-range windows with a clear code", async () => {
    const res = await api.gql(graphql(`{ risks(first: 501) { unusedKeys { count } } }`));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "OUT_OF_RANGE", field: "first" });
  });
});
