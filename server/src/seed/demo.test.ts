import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/database.js";
import { createTestApi, graphql, type TestApi } from "../test-support/graphql.js";
import { type SeedResult, seedDemoData } from "./demo.js";

// One seeding for the whole file: every test reads the same demo organisation.

let db: TestDatabase;
let api: TestApi;
let seeded: SeedResult;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db);
  await db.reset();
  seeded = await seedDemoData(db.em());
});
afterAll(async () => {
  await api.close();
  await db.drop();
});

const sql = async <T = Record<string, unknown>>(text: string): Promise<T[]> => db.em().execute(text);
type Counts = Record<"users" | "departed" | "groups" | "services" | "keys" | "staging" | "production", number>;
const counts = async () =>
  (
    await sql<Counts>(`select
      (select count(*)::int from holder where kind = 'USER') as users,
      (select count(*)::int from holder where kind = 'USER' and status = 'DEPARTED') as departed,
      (select count(*)::int from holder where kind = 'GROUP') as groups,
      (select count(*)::int from service) as services,
      (select count(*)::int from api_key) as keys,
      (select count(*)::int from api_key where environment = 'STAGING') as staging,
      (select count(*)::int from api_key where environment = 'PRODUCTION') as production`)
  )[0]!;

const PRODUCTION_USER_KEYS = graphql(`
  query ProductionUserKeys {
    apiKeys(first: 500, filter: { environment: PRODUCTION, status: ACTIVE, holderKind: USER }) {
      nodes { holder { __typename ... on User { status } } }
    }
  }
`);
const DEPARTED_USERS = graphql(`
  query DepartedUsers { users(first: 500, filter: { status: DEPARTED }) { nodes { id email keys(first: 0) { totalCount } } } }
`);
const PLAN = graphql(`
  query DemoPlan($userId: ID!) { offboardingPlan(userId: $userId) { finished keys { keyId suggestedHolderEmail } } }
`);
const LEAVER_AND_TEAM = graphql(`
  query LeaverAndTeam($leaver: String!, $team: String!) {
    leaver: holderByEmail(email: $leaver) { id keys(first: 50) { totalCount } }
    team: holderByEmail(email: $team) { id }
  }
`);
const OFFBOARD_ACTIONS = graphql(`
  mutation DemoOffboardActions($i: OffboardUserInput!) {
    offboardUser(input: $i) { offboarding { keys { action } } errors { code } }
  }
`);
const OFFBOARD_ACCESS = graphql(`
  mutation DemoOffboardAccess($i: OffboardUserInput!) {
    offboardUser(input: $i) {
      offboarding { keys { servicesBefore { slug } servicesAfter { slug } } otherKeysGaining { name } }
      errors { code }
    }
  }
`);
const ACTIVE_KEYS = graphql(`
  query DemoActiveKeys { apiKeys(first: 500, filter: { status: ACTIVE }) { nodes { name worksOn { slug } } } }
`);
const EXPIRING_KEYS = graphql(`
  query DemoExpiringKeys { apiKeys(first: 500, filter: { expiresWithinDays: 30 }) { nodes { name status } } }
`);
const GROUP_EMAILS = graphql(`
  query DemoGroupEmails { groupEmails(first: 500) { nodes { email healthy activeMemberCount } } }
`);
const SERVICES = graphql(`
  query DemoServices {
    services(first: 100) {
      nodes { slug collaborators(first: 20) { nodes { role } } workingKeys(first: 0) { totalCount } }
    }
  }
`);

describe("seedDemoData", () => {
  it("seeds an organisation of realistic size into an empty database, and says what it seeded", async () => {
    const stored = await counts();
    expect(seeded).toEqual({
      seeded: true,
      users: stored.users,
      groups: stored.groups,
      services: stored.services,
      keys: stored.keys,
    });
    expect(stored.users).toBeGreaterThanOrEqual(35);
    expect(stored.users).toBeLessThanOrEqual(45);
    expect(stored.departed).toBeGreaterThan(0);
    expect(stored.departed).toBeLessThan(stored.users / 2);
    expect(stored.groups).toBeGreaterThanOrEqual(8);
    expect(stored.groups).toBeLessThanOrEqual(12);
    expect(stored.services).toBeGreaterThanOrEqual(20);
    expect(stored.services).toBeLessThanOrEqual(30);
    expect(stored.keys).toBeGreaterThanOrEqual(120);
    expect(stored.keys).toBeLessThanOrEqual(180);
    expect(stored.staging).toBeGreaterThan(20);
    expect(stored.production).toBeGreaterThan(20);
    expect(await sql("select action from audit_event")).toEqual([{ action: "demo.seeded" }]);
  });

  it("seeds nothing when the database already holds data", async () => {
    const before = await counts();
    const again = await seedDemoData(db.em());
    expect(again).toEqual({ seeded: false, users: 0, groups: 0, services: 0, keys: 0 });
    expect(await counts()).toEqual(before);
  });
});

describe("the demo shows every risk Keyholder reports", () => {
  it("production keys held by active individuals", async () => {
    const data = await api.execute(PRODUCTION_USER_KEYS);
    const held = data.apiKeys.nodes.filter((n) => n.holder.__typename === "User" && n.holder.status === "ACTIVE");
    expect(held.length).toBeGreaterThan(0);
    expect(data.apiKeys.nodes.every((n) => n.holder.__typename === "User")).toBe(true);
  });

  it("keys held by departed staff", async () => {
    const data = await api.execute(DEPARTED_USERS);
    const total = data.users.nodes.reduce((sum, n) => sum + n.keys.totalCount, 0);
    expect(total).toBeGreaterThan(0);
  });

  it("departed staff still holding keys, Billing roles and memberships, whom offboarding can finish", async () => {
    const data = await api.execute(DEPARTED_USERS);
    const holding = data.users.nodes.filter((n) => n.keys.totalCount > 0);
    expect(holding.length).toBeGreaterThan(0);
    const [left] = await sql<{ billing: number; members: number }>(
      `select (select count(*)::int from collaborator c join holder h on h.id = c.holder_id
                where h.status = 'DEPARTED' and c.role = 'BILLING') as billing,
              (select count(*)::int from group_membership m join holder h on h.id = m.user_id
                where h.status = 'DEPARTED') as members`,
    );
    expect(left?.billing).toBeGreaterThan(0);
    expect(left?.members).toBeGreaterThan(0);
    const [group] = await sql<{ id: string }>("select id from holder where kind = 'GROUP' order by email limit 1");
    for (const user of holding) {
      const plan = await api.execute(PLAN, { userId: user.id });
      expect(plan.offboardingPlan.finished, user.email).toBe(false);
      // Revoking every key needs no successor's Billing roles: this only shows the user can be offboarded.
      const res = await api.gql(OFFBOARD_ACTIONS, {
        i: {
          userId: user.id,
          defaultTargetId: group?.id,
          dryRun: true,
          decisions: plan.offboardingPlan.keys.map((k) => ({ keyId: k.keyId, action: "REVOKE" as const })),
        },
      });
      expect(res.data?.offboardUser?.errors, user.email).toEqual([]);
      expect(res.data?.offboardUser?.offboarding?.keys).toHaveLength(user.keys.totalCount);
    }
  });

  it("leavers whose keys move to their team's group email without widening or narrowing where they work", async () => {
    const leavers = {
      "ben.tan@transport.gov.example": "finance-team@transport.gov.example",
      "daniel.ong@transport.gov.example": "payments-ops@transport.gov.example",
      "liam.wong@health.gov.example": "finance-team@health.gov.example",
      "victor.chan@housing.gov.example": "rent-collection@housing.gov.example",
    };
    for (const [email, team] of Object.entries(leavers)) {
      const { leaver, team: group } = await api.execute(LEAVER_AND_TEAM, { leaver: email, team });
      expect(leaver?.keys.totalCount, email).toBeGreaterThanOrEqual(3);
      const plan = await api.execute(PLAN, { userId: leaver!.id });
      expect(plan.offboardingPlan.keys.map((k) => k.suggestedHolderEmail)).toEqual(
        plan.offboardingPlan.keys.map(() => team),
      );
      // Without allowWiderAccess: refused with ACCESS_WOULD_WIDEN if any key or any of the team's keys gained.
      const res = await api.gql(OFFBOARD_ACCESS, {
        i: { userId: leaver!.id, defaultTargetId: group!.id, dryRun: true },
      });
      expect(res.data?.offboardUser?.errors, email).toEqual([]);
      const moved = res.data?.offboardUser?.offboarding;
      expect(moved?.keys).toHaveLength(leaver!.keys.totalCount);
      for (const key of moved?.keys ?? []) {
        expect(key.servicesBefore.length).toBeGreaterThan(0);
        expect(key.servicesAfter).toEqual(key.servicesBefore);
      }
      expect(moved?.otherKeysGaining).toEqual([]);
    }
  });

  it("active keys that work nowhere", async () => {
    const data = await api.execute(ACTIVE_KEYS);
    const nowhere = data.apiKeys.nodes.filter((n) => n.worksOn.length === 0);
    expect(nowhere.length).toBeGreaterThan(0);
    expect(nowhere.length).toBeLessThan(data.apiKeys.nodes.length);
  });

  it("keys expiring within 30 days", async () => {
    const data = await api.execute(EXPIRING_KEYS);
    const names = data.apiKeys.nodes.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(["statement export", "month-end batch"]));
    expect(data.apiKeys.nodes.every((n) => n.status === "ACTIVE")).toBe(true);
  });

  it("live keys unused for 90 days or more, or never used", async () => {
    const rows = await sql<{ name: string; last_used_at: Date | null }>(`select name, last_used_at from api_key
      where revoked_at is null and (last_used_at is null or last_used_at < now() - interval '90 days')`);
    const names = rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["quarterly report", "never used"]));
    expect(rows.some((r) => r.last_used_at === null)).toBe(true);
    expect(rows.some((r) => r.last_used_at !== null)).toBe(true);
  });

  it("group emails with fewer than two active members", async () => {
    const data = await api.execute(GROUP_EMAILS);
    const unhealthy = data.groupEmails.nodes.filter((n) => !n.healthy);
    expect(unhealthy.map((n) => n.email)).toEqual(
      expect.arrayContaining(["fleet-billing@transport.gov.example", "legacy-payments@transport.gov.example"]),
    );
    expect(unhealthy.every((n) => n.activeMemberCount < 2)).toBe(true);
    expect(unhealthy.length).toBeLessThan(data.groupEmails.nodes.length);
  });

  it("services with BILLING collaborators but no working key", async () => {
    const data = await api.execute(SERVICES);
    const stranded = data.services.nodes
      .filter((s) => s.collaborators.nodes.some((c) => c.role === "BILLING") && s.workingKeys.totalCount === 0)
      .map((s) => s.slug);
    expect(stranded).toEqual(expect.arrayContaining(["legacy-toll-gateway", "paper-permit-fees"]));
  });

  it("services whose only BILLING collaborator is one active individual", async () => {
    const rows = await sql<{ slug: string }>(`select s.slug from service s
      join collaborator c on c.service_id = s.id and c.role = 'BILLING'
      join holder h on h.id = c.holder_id
      group by s.slug
      having count(*) = 1 and bool_and(h.kind = 'USER' and h.status = 'ACTIVE')
      order by s.slug`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.slug)).toContain("bicycle-permits");
  });
});
