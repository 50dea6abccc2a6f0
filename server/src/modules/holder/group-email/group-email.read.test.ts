import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../../shared/collaborator-role.js";
import type { TestDatabase } from "../../../test-support/database.js";
import { factories } from "../../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../../test-support/graphql.js";
import { Collaborator } from "../../collaborator/collaborator.entity.js";
import { Service } from "../../service/service.entity.js";
import { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { GroupEmail } from "./group-email.entity.js";
import { GroupMembership } from "./group-membership.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const GROUPS = graphql(`
  query Groups($first: Int, $after: String, $filter: GroupEmailFilter) {
    groupEmails(first: $first, after: $after, filter: $filter) {
      totalCount
      nodes { __typename email members { nodes { email status } } activeMemberCount healthy }
    }
  }
`);

describe("groupEmails", () => {
  it("lists only group emails, by email, filtered by search, service and role", async () => {
    const f = factories(db.em());
    const finance = await f.group({ email: "finance@agency.gov.example", name: "Finance Team" });
    const ops = await f.group({ email: "ops@agency.gov.example", name: "Payments Ops" });
    await f.group({ email: "archive@agency.gov.example", name: "Archive" });
    const person = await f.user({ email: "finance.lead@agency.gov.example", name: "Finance Lead" });
    const fines = await f.service({ slug: "fines" });
    await f.collaborator(fines, finance, CollaboratorRole.BILLING);
    await f.collaborator(fines, ops, CollaboratorRole.VIEWER);
    await f.collaborator(fines, person, CollaboratorRole.BILLING);

    const emailsOf = async (filter: Record<string, unknown>) => {
      const res = await api.gql(GROUPS, { filter });
      expect(res.errors).toBeUndefined();
      expect(res.data?.groupEmails?.nodes?.every((n: { __typename: string }) => n.__typename === "GroupEmail")).toBe(
        true,
      );
      return res.data?.groupEmails?.nodes?.map((n: { email: string }) => n.email);
    };
    expect(await emailsOf({})).toEqual([
      "archive@agency.gov.example",
      "finance@agency.gov.example",
      "ops@agency.gov.example",
    ]);
    expect(await emailsOf({ search: "FINANCE" })).toEqual(["finance@agency.gov.example"]);
    expect(await emailsOf({ search: "payments" })).toEqual(["ops@agency.gov.example"]);
    expect(await emailsOf({ serviceId: fines.id })).toEqual(["finance@agency.gov.example", "ops@agency.gov.example"]);
    expect(await emailsOf({ role: "BILLING" })).toEqual(["finance@agency.gov.example"]);
    expect(await emailsOf({ serviceId: fines.id, role: "VIEWER" })).toEqual(["ops@agency.gov.example"]);
  });

  it("finds a group email by id, and not a user by its id", async () => {
    const f = factories(db.em());
    const group = await f.group({ name: "Shared" });
    const user = await f.user();
    const res = await api.gql(
      graphql(`query($g: ID!, $u: ID!) { g: groupEmail(id: $g) { name } u: groupEmail(id: $u) { name } }`),
      {
        g: group.id,
        u: user.id,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ g: { name: "Shared" }, u: null });
  });
});

describe("group health", () => {
  it("is healthy with at least two active members; a departed member still listed but not counted", async () => {
    const f = factories(db.em());
    const ann = await f.user({ email: "ann@agency.gov.example" });
    const bo = await f.user({ email: "bo@agency.gov.example" });
    const cat = await f.user({ email: "cat@agency.gov.example" });
    const gone = await f.user({ email: "gone@agency.gov.example", status: UserStatus.DEPARTED });
    await f.group({ email: "a-two-active@agency.gov.example" }, [bo, ann]);
    await f.group({ email: "b-one-active-one-departed@agency.gov.example" }, [gone, cat]);
    await f.group({ email: "c-two-active-one-departed@agency.gov.example" }, [ann, gone, cat]);
    await f.group({ email: "d-empty@agency.gov.example" });

    const res = await api.gql(GROUPS, {});
    expect(res.errors).toBeUndefined();
    const member = (email: string, status = "ACTIVE") => ({ email: `${email}@agency.gov.example`, status });
    expect(res.data?.groupEmails?.nodes).toEqual([
      {
        __typename: "GroupEmail",
        email: "a-two-active@agency.gov.example",
        members: { nodes: [member("ann"), member("bo")] },
        activeMemberCount: 2,
        healthy: true,
      },
      {
        __typename: "GroupEmail",
        email: "b-one-active-one-departed@agency.gov.example",
        members: { nodes: [member("cat"), member("gone", "DEPARTED")] },
        activeMemberCount: 1,
        healthy: false,
      },
      {
        __typename: "GroupEmail",
        email: "c-two-active-one-departed@agency.gov.example",
        members: { nodes: [member("ann"), member("cat"), member("gone", "DEPARTED")] },
        activeMemberCount: 2,
        healthy: true,
      },
      {
        __typename: "GroupEmail",
        email: "d-empty@agency.gov.example",
        members: { nodes: [] },
        activeMemberCount: 0,
        healthy: false,
      },
    ]);
  });
});

describe("SQL per request", () => {
  /** `count` group emails, each with two active members, one departed, a BILLING role and two keys. */
  async function groupsWithEverything(count: number) {
    const em = db.em();
    const services = Array.from({ length: 5 }, (_, i) => em.create(Service, { slug: `svc-${i}`, name: `Svc ${i}` }));
    const groups = Array.from({ length: count }, (_, i) => {
      const n = String(i).padStart(3, "0");
      const group = em.create(GroupEmail, { email: `group-${n}@agency.gov.example`, name: `Group ${n}` });
      for (const [m, status] of [UserStatus.ACTIVE, UserStatus.ACTIVE, UserStatus.DEPARTED].entries()) {
        const user = em.create(User, { email: `member-${n}-${m}@agency.gov.example`, name: `Member ${n}`, status });
        if (status === UserStatus.DEPARTED) user.departedAt = new Date();
        em.create(GroupMembership, { group, user });
      }
      em.create(Collaborator, {
        service: services[i % services.length]!,
        holder: group,
        role: CollaboratorRole.BILLING,
      });
      return group;
    });
    await em.flush();
    await factories(em).keys(groups.flatMap((holder) => [0, 1].map((k) => ({ holder, name: `key ${k}` }))));
  }

  const LISTING = graphql(`
    query GroupListing($first: Int, $withKeys: Boolean!) { groupEmails(first: $first) { nodes {
      email members(first: 5) { nodes { email } } activeMemberCount collaborations(first: 5) { nodes { service { slug } } }
      keys(first: 5) @include(if: $withKeys) { totalCount }
    } } }
  `);

  async function statements(withKeys: boolean, first: number) {
    const res = await api.gql(LISTING, { first, withKeys });
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.groupEmails.nodes;
    expect(nodes).toHaveLength(first);
    for (const node of nodes ?? []) {
      expect(node.members.nodes).toHaveLength(3);
      expect(node.activeMemberCount).toBe(2);
      expect(node.collaborations.nodes).toHaveLength(1);
      if (node.keys) expect(node.keys.totalCount).toBe(2);
    }
    return res.sqlStatements;
  }

  it.each([
    {
      name: "members, activeMemberCount and collaborations cost the same statements for 10 and 100 groups",
      withKeys: false,
      // groups; members and collaborations, each a window picking every group's page and a load of
      // what it picked; activeMemberCount's memberships.
      atMost: 6,
    },
    {
      name: "holder.keys with totalCount is batched too: the same statements for 10 and 100 groups",
      withKeys: true,
      // as above, then key pages (window), the keys, their counts.
      atMost: 9,
    },
  ])("$name", async ({ withKeys, atMost }) => {
    await groupsWithEverything(100);
    const small = await statements(withKeys, 10);
    const large = await statements(withKeys, 100);
    expect(small).toBeLessThanOrEqual(atMost);
    expect(large).toBe(small);
  });
});
