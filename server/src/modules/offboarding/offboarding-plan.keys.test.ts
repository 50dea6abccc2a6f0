import { describe, expect, it } from "vitest";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

// What the console's impact step asks first: the plan once, and the first page of its keys.
const SUMMARY = graphql(`query($id: ID!, $first: Int, $after: String) { offboardingPlan(userId: $id) {
  keyCount activeKeyCount activeKeysWorkOn { id slug }
  activeKeySuggestion { suggestedHolderId suggestedHolderEmail suggestion }
  inactiveKeySuggestion { suggestedHolderId suggestedHolderEmail suggestion }
  wouldBreakSummary lastActiveMemberOf
  plannedKeys(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { keyId name prefix environment active worksOn { slug } suggestedHolderId suggestedHolderEmail suggestion } }
  } } }`);
// A later page, as the console and the client ask it: the plan itself is not read again.
const LATER_PAGE = graphql(`query($id: ID!, $first: Int, $after: String) { offboardingPlan(userId: $id) {
  plannedKeys(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { keyId name prefix environment active suggestedHolderId suggestedHolderEmail suggestion }
  } } }`);
// The older fields, one item per key.
const EVERY_KEY = graphql(`query($id: ID!) { offboardingPlan(userId: $id) {
  keys { keyId name prefix environment active worksOn { slug } suggestedHolderId suggestedHolderEmail suggestion }
  wouldBreak } }`);

/** A leaver holding `active` active keys (Billing on fines and permits, like their group) and 3 expired ones. */
async function leaverWith(active: number) {
  const f = factories(db.em());
  const leaver = await f.user();
  const peer = await f.user();
  const team = await f.group({}, [leaver, peer]);
  const fines = await f.service({ slug: `fines-${leaver.id.slice(0, 8)}` });
  const permits = await f.service({ slug: `permits-${leaver.id.slice(0, 8)}` });
  for (const service of [fines, permits]) {
    await f.collaborator(service, leaver);
    await f.collaborator(service, team);
  }
  await f.keys(Array.from({ length: active }, (_, i) => ({ holder: leaver, name: `key ${i}` })));
  for (let i = 0; i < 3; i++) {
    await f.key(leaver, {
      name: `old ${i}`,
      createdAt: new Date(Date.now() - (10 + i) * DAY),
      expiresAt: new Date(Date.now() - DAY),
    });
  }
  return { leaver, team, fines, permits };
}

describe("offboardingPlan keys in summary and pages", () => {
  it("counts the keys, names their services once, and suggests the same successors as each key", async () => {
    const { leaver, team, fines, permits } = await leaverWith(4);
    const res = await api.gql(SUMMARY, { id: leaver.id, first: 50 });
    expect(res.errors).toBeUndefined();
    const plan = res.data!.offboardingPlan;
    expect([plan.keyCount, plan.activeKeyCount]).toEqual([7, 4]);
    expect(plan.activeKeysWorkOn.map((s) => s.id).sort()).toEqual([fines.id, permits.id].sort());
    expect(plan.activeKeySuggestion.suggestedHolderId).toBe(team.id);
    expect(plan.activeKeySuggestion.suggestion).toContain("exactly the services the key works on");
    expect(plan.inactiveKeySuggestion.suggestedHolderEmail).toBe(team.email);
    expect(plan.inactiveKeySuggestion.suggestion).toContain("the key works nowhere");

    const every = (await api.gql(EVERY_KEY, { id: leaver.id })).data!.offboardingPlan;
    expect(plan.plannedKeys.edges.map((e) => e.node)).toEqual(every.keys);
    for (const key of every.keys) {
      const { suggestedHolderId, suggestedHolderEmail, suggestion } = key.active
        ? plan.activeKeySuggestion
        : plan.inactiveKeySuggestion;
      expect(key).toMatchObject({ suggestedHolderId, suggestedHolderEmail, suggestion });
      expect(key.worksOn.map((s) => s.slug)).toEqual(key.active ? plan.activeKeysWorkOn.map((s) => s.slug) : []);
    }

    // One line for the four active keys where the older field has one per key; the rest alike.
    const stops = `stop working on ${[fines.slug, permits.slug].sort().join(", ")} once ${leaver.email} is no longer a Billing collaborator.`;
    expect(plan.wouldBreakSummary).toEqual([`4 active keys ${stops}`]);
    expect(every.wouldBreak).toHaveLength(4);
    expect(every.wouldBreak.every((line) => line.endsWith(stops.replace("stop working", "stops working")))).toBe(true);
  });

  it("says when no key works anywhere, and lists services and groups left alone", async () => {
    const f = factories(db.em());
    const leaver = await f.user();
    const solo = await f.group({}, [leaver]);
    const lone = await f.service();
    await f.collaborator(lone, leaver);
    const res = await api.gql(SUMMARY, { id: leaver.id, first: 5 });
    const plan = res.data!.offboardingPlan;
    expect([plan.keyCount, plan.activeKeyCount, plan.plannedKeys.totalCount]).toEqual([0, 0, 0]);
    expect(plan.plannedKeys.edges).toEqual([]);
    expect(plan.wouldBreakSummary).toEqual([
      `${lone.slug} loses its only Billing collaborator.`,
      `${solo.email} loses its last active member.`,
    ]);
    await f.key(leaver, { name: "one" });
    const one = (await api.gql(SUMMARY, { id: leaver.id, first: 5 })).data!.offboardingPlan;
    expect(one.wouldBreakSummary[0]).toBe(
      `1 active key stops working on ${lone.slug} once ${leaver.email} is no longer a Billing collaborator.`,
    );
  });

  it("pages every key exactly once, newest first, in the order of the full list", async () => {
    const { leaver } = await leaverWith(117);
    const every = (await api.gql(EVERY_KEY, { id: leaver.id })).data!.offboardingPlan.keys;
    const pageAfter = async (after: string | null) => {
      const res = await api.gql(SUMMARY, { id: leaver.id, first: 50, after });
      expect(res.errors).toBeUndefined();
      return res.data!.offboardingPlan.plannedKeys;
    };
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await pageAfter(after);
      expect(page.totalCount).toBe(120);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((e) => e.node.keyId));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual(every.map((k) => k.keyId));
    // The expired keys are the oldest: the last page ends with them.
    expect(every.slice(-3).map((k) => k.active)).toEqual([false, false, false]);
  });

  it("refuses a cursor of another list", async () => {
    const { leaver } = await leaverWith(2);
    const keysCursor = (await api.gql(graphql("{ apiKeys(first: 1) { pageInfo { endCursor } } }"))).data!.apiKeys
      .pageInfo.endCursor;
    const res = await api.gql(SUMMARY, { id: leaver.id, first: 1, after: keysCursor });
    expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_CURSOR");
  });

  it("costs the same statements for a page of 50 whether the leaver holds 10 keys or 1,000", async () => {
    const counts: number[] = [];
    for (const keys of [10, 1000]) {
      const { leaver } = await leaverWith(keys);
      const res = await api.gql(SUMMARY, { id: leaver.id, first: 50 });
      expect(res.errors).toBeUndefined();
      const plan = res.data!.offboardingPlan;
      expect(plan.keyCount).toBe(keys + 3);
      expect(plan.plannedKeys.edges).toHaveLength(Math.min(50, keys + 3));
      expect(plan.plannedKeys.totalCount).toBe(keys + 3);
      counts.push(res.sqlStatements);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it("reads the first screen in four statements and a later page in three, however many keys, services and groups", async () => {
    const counts: { first: number; later: number }[] = [];
    for (const size of [10, 300]) {
      const { leaver, fines, permits } = await leaverWith(size);
      // Groups Billing on the leaver's services (one on both, with more), which a plan weighs and leaves out.
      const f = factories(db.em());
      for (let i = 0; i < size / 10; i++) {
        const group = await f.group();
        await f.collaborator(fines, group);
        if (i % 2) await f.collaborator(permits, group);
        await f.collaborator(await f.service(), group);
      }
      const first = await api.gql(SUMMARY, { id: leaver.id, first: 5 });
      expect(first.errors).toBeUndefined();
      const page = await api.gql(LATER_PAGE, {
        id: leaver.id,
        first: 5,
        after: first.data!.offboardingPlan.plannedKeys.pageInfo.endCursor,
      });
      expect(page.errors).toBeUndefined();
      const { plannedKeys } = page.data!.offboardingPlan;
      expect(plannedKeys.totalCount).toBe(size + 3);
      expect(plannedKeys.nodes).toHaveLength(5);
      expect(plannedKeys.nodes[0]).toMatchObject(first.data!.offboardingPlan.activeKeySuggestion);
      counts.push({ first: first.sqlStatements, later: page.sqlStatements });
    }
    // The first screen: the user, the plan's facts (keys counted, roles, candidate groups), the
    // page and the services named. A later page: the user, the facts its suggestions and total
    // come from, and the page; before, each page read the plan in five statements of its own.
    expect(counts).toEqual([
      { first: 4, later: 3 },
      { first: 4, later: 3 },
    ]);
  });
});
