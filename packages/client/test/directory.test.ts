import { describe, expect, inject, it } from "vitest";
import { ApiKeyListFields, graphql, isKeyholderError, KeyholderClient, KeyholderError } from "../src/index.js";
import { issueToken } from "./keyholder-process.js";

const { url, adminToken, databaseEnv } = inject("keyholder");
const client = new KeyholderClient({ url, token: adminToken });

// The Housing Agency of the demo organisation: no other client test file changes it.
const ESTATE_FINANCE = "estate-finance@housing.gov.example";
const RENT_COLLECTION = "rent-collection@housing.gov.example";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) list.push(item);
  return list;
}

/** At most `limit` items: a bound, so an iterator that never ends fails the test instead of hanging it. */
async function upTo<T>(items: AsyncIterable<T>, limit: number): Promise<T[]> {
  const list: T[] = [];
  for await (const item of items) {
    list.push(item);
    if (list.length >= limit) break;
  }
  return list;
}

async function failure(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<KeyholderError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    if (error instanceof KeyholderError) return error;
    throw error;
  }
  throw new Error("expected a KeyholderError");
}

describe("paginate", () => {
  it("yields every node of a connection of one's own document, page after page, each once", async () => {
    const Departed = graphql(`
      query Departed($first: Int, $after: String) {
        users(first: $first, after: $after, filter: { status: DEPARTED }) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            email
            departedAt
          }
        }
      }
    `);
    const { users } = await client.request(Departed, { first: 0 });
    expect(users.totalCount).toBeGreaterThan(2);
    const departed = await all(client.paginate(Departed, { first: 2 }, (data) => data.users));
    expect(departed).toHaveLength(users.totalCount);
    expect(new Set(departed.map((u) => u.email)).size).toBe(departed.length);
    expect(departed.every((u) => u.departedAt !== null)).toBe(true);
  });

  it("yields nothing when the path to the connection holds null", async () => {
    const Keys = graphql(`
      query KeysOf($email: String!, $first: Int, $after: String) {
        holderByEmail(email: $email) {
          keys(first: $first, after: $after) {
            pageInfo {
              hasNextPage
              endCursor
            }
            nodes {
              id
            }
          }
        }
      }
    `);
    const keys = client.paginate(Keys, { email: "nobody@nowhere.example" }, (data) => data.holderByEmail?.keys);
    expect(await all(keys)).toEqual([]);
  });
  it("refuses a document it would page through forever or stop early in, before yielding any node twice", async () => {
    const { users } = await client.request(
      graphql(`
        query CountUsers {
          users(first: 0) {
            totalCount
          }
        }
      `),
    );
    // No $after: every page asked for would be the first one again.
    const NoCursorVariable = graphql(`
      query NoCursorVariable($first: Int) {
        users(first: $first) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
          }
        }
      }
    `);
    // @ts-expect-error: a document without $after cannot be paginated
    const withoutAfter = client.paginate(NoCursorVariable, { first: 2 }, (data) => data.users);
    await expect(upTo(withoutAfter, users.totalCount + 1)).rejects.toThrow(/\$after/);

    // No endCursor: there would be no way to ask for the second page.
    const NoEndCursor = graphql(`
      query NoEndCursor($first: Int, $after: String) {
        users(first: $first, after: $after) {
          pageInfo {
            hasNextPage
          }
          nodes {
            id
          }
        }
      }
    `);
    // @ts-expect-error: a connection without pageInfo.endCursor cannot be paginated
    const withoutEnd = client.paginate(NoEndCursor, { first: 2 }, (data) => data.users);
    await expect(upTo(withoutEnd, users.totalCount + 1)).rejects.toThrow(/endCursor/);

    // $after goes to another connection than the one paged through: its pages never move on.
    const WrongConnection = graphql(`
      query WrongConnection($first: Int, $after: String) {
        users(first: $first, after: $after) {
          totalCount
        }
        groupEmails(first: $first) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
          }
        }
      }
    `);
    const seen: string[] = [];
    const wrong = async () => {
      for await (const group of client.paginate(WrongConnection, { first: 1 }, (data) => data.groupEmails)) {
        seen.push(group.id);
        if (seen.length > 10) break;
      }
    };
    await expect(wrong()).rejects.toThrow(/same cursor/);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("refuses a page size that could never reach the end of a list", async () => {
    expect(await failure(all(client.users({ pageSize: 0 })))).toMatchObject({
      code: "INVALID_PAGE_SIZE",
      field: "pageSize",
    });
    expect(await failure(all(client.users({ pageSize: 2.5 })))).toMatchObject({ code: "INVALID_PAGE_SIZE" });
  });
});

describe("apiKeys", () => {
  it("yields exactly the keys the list's filter picks, in the order asked for", async () => {
    const filter = { environment: "PRODUCTION", holderKind: "USER" } as const;
    const keys = await all(client.apiKeys({ filter, orderBy: { field: "NAME", direction: "DESC" }, pageSize: 7 }));
    const { apiKeys } = await client.request(
      graphql(`
        query CountKeys($filter: ApiKeyFilter) {
          apiKeys(first: 0, filter: $filter) {
            totalCount
          }
        }
      `),
      { filter },
    );
    expect(keys.length).toBe(apiKeys.totalCount);
    expect(keys.length).toBeGreaterThan(7);
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
    expect(keys.every((k) => k.environment === "PRODUCTION" && k.holder.kind === "USER")).toBe(true);
    const names = keys.map((k) => k.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, "en", { sensitivity: "base" })));
  });

  it("reads each page with no more statements than the page itself needs (no count of the whole list)", async () => {
    const statements: number[] = [];
    const counting = new KeyholderClient({
      url,
      token: adminToken,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statements.push(Number(/sql;desc="(\d+) statements"/.exec(response.headers.get("server-timing") ?? "")?.[1]));
        return response;
      },
    });
    // The same selection as a page of apiKeys(), without totalCount.
    const OnePage = graphql(
      `
      query OnePage($first: Int) {
        apiKeys(first: $first) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...ApiKeyListFields
          }
        }
      }
    `,
      [ApiKeyListFields],
    );
    await counting.request(OnePage, { first: 5 });
    const [onePage] = statements.splice(0);
    expect(onePage).toBeGreaterThan(0);
    expect(await upTo(counting.apiKeys({ pageSize: 5 }), 15)).toHaveLength(15);
    expect(statements).toEqual([onePage, onePage, onePage]);
  });
});

describe("users and group emails", () => {
  it("lists users by filter, and a group email's members", async () => {
    const housing = await all(client.users({ filter: { search: "housing.gov.example" }, pageSize: 3 }));
    expect(housing.map((u) => u.email)).toContain("wei.jie.koh@housing.gov.example");
    expect(housing.every((u) => u.email.endsWith("@housing.gov.example"))).toBe(true);

    const groups = await all(client.groupEmails({ filter: { search: "housing" } }));
    expect(groups.map((g) => g.email).sort()).toEqual([ESTATE_FINANCE, RENT_COLLECTION]);
    const members = await all(client.groupEmailMembers(ESTATE_FINANCE.toUpperCase()));
    expect(members.map((m) => m.email).sort()).toEqual([
      "wei.jie.koh@housing.gov.example",
      "xin.yi.tan@housing.gov.example",
      "yusuf.osman@housing.gov.example",
    ]);
    const notAGroup = await failure(all(client.groupEmailMembers("wei.jie.koh@housing.gov.example")));
    expect(notAGroup).toMatchObject({ code: "GROUP_NOT_FOUND", field: "email" });
  });

  it("adds a member to a group email and removes them again", async () => {
    const group = await client.holder(RENT_COLLECTION);
    const adam = await client.holder("adam.ho@housing.gov.example");
    if (!group || !adam) throw new Error("demo data missing");
    const before = (await all(client.groupEmailMembers(RENT_COLLECTION))).length;
    const added = await client.addGroupMember({ groupId: group.id, userId: adam.id, reason: "covers the desk" });
    expect(added.email).toBe(RENT_COLLECTION);
    expect((await all(client.groupEmailMembers(RENT_COLLECTION))).map((m) => m.email)).toContain(adam.email);
    const again = await failure(client.addGroupMember({ groupId: group.id, userId: adam.id }));
    expect(again).toMatchObject({ code: "ALREADY_MEMBER", source: "payload", status: 200 });
    expect(again.requestId).toMatch(/\S/);
    await client.removeGroupMember({ groupId: group.id, userId: adam.id });
    expect(await all(client.groupEmailMembers(RENT_COLLECTION))).toHaveLength(before);
  });
});

describe("services and collaborators", () => {
  it("lists services, finds one by slug, and adds, changes and removes a collaborator, each in the audit log", async () => {
    const services = await all(client.services({ filter: { search: "permit" } }));
    expect(services.map((s) => s.slug)).toEqual(expect.arrayContaining(["renovation-permits", "bicycle-permits"]));
    expect(await client.service("no-such-service")).toBeNull();
    const service = await client.service("renovation-permits");
    const [bella] = await all(client.users({ filter: { search: "housing.gov.example", status: "ACTIVE" } }));
    if (!service || !bella) throw new Error("demo data missing");

    const added = await client.addCollaborator({ serviceId: service.id, holderId: bella.id, role: "VIEWER" });
    expect(added).toMatchObject({ role: "VIEWER", holder: { email: bella.email }, service: { slug: service.slug } });
    const collaborators = await all(client.serviceCollaborators("renovation-permits"));
    expect(collaborators.find((c) => c.id === added.id)).toMatchObject({ role: "VIEWER" });

    const duplicate = await failure(
      client.addCollaborator({ serviceId: service.id, holderId: bella.id, role: "VIEWER" }),
    );
    expect(duplicate).toMatchObject({ code: "COLLABORATOR_EXISTS", source: "payload", status: 200 });
    expect(duplicate.requestId).toMatch(/\S/);

    const changed = await client.changeCollaboratorRole({ id: added.id, role: "ADMIN", reason: "runs it now" });
    expect(changed.collaborator.role).toBe("ADMIN");
    expect(changed.keysThatGain).toEqual([]);
    await client.removeCollaborator({ id: added.id, reason: "moved on" });
    const after = await all(client.serviceCollaborators("renovation-permits"));
    expect(after.map((c) => c.id)).not.toContain(added.id);
    expect(await failure(all(client.serviceCollaborators("no-such-service")))).toMatchObject({
      code: "SERVICE_NOT_FOUND",
    });

    const events = await all(
      client.auditEvents({ filter: { action: "collaborator.", subjectId: service.id }, pageSize: 1 }),
    );
    expect(events.slice(0, 3).map((e) => e.action)).toEqual([
      "collaborator.removed",
      "collaborator.role_changed",
      "collaborator.added",
    ]);
    expect(events[0]?.reason).toBe("moved on");
  });
});

describe("access tokens", () => {
  it("lists one's tokens and everyone's, and revokes one so that it stops working", async () => {
    const secret = await issueToken(databaseEnv, "client-admin@example.org", "client test token");
    const other = new KeyholderClient({ url, token: secret, retry: { retries: 0 } });
    expect((await other.service("rent-payments"))?.slug).toBe("rent-payments");
    const mine = await all(client.accessTokens());
    const token = mine.find((t) => secret.startsWith(t.prefix) && t.name === "client test token");
    expect(token).toMatchObject({ status: "ACTIVE", owner: { email: "client-admin@example.org" } });
    if (!token) return;

    const revoked = await client.revokeAccessToken(token.id);
    expect(revoked.status).toBe("REVOKED");
    expect(await failure(other.service("rent-payments"))).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    const everyone = await all(client.accessTokens({ all: true }));
    expect(everyone.find((t) => t.id === token.id)?.status).toBe("REVOKED");
    expect(new Set(everyone.map((t) => t.owner.email)).size).toBeGreaterThan(1);
  });
});

describe("offboardByEmail", () => {
  it("finds the user and the target by email, and returns the plan with the (dry-run) offboarding", async () => {
    const { plan, offboarding } = await client.offboardByEmail({
      email: "Victor.Chan@housing.gov.example",
      defaultTargetEmail: RENT_COLLECTION,
      reason: "leaves at the end of the month",
      dryRun: true,
    });
    expect(plan.user.email).toBe("victor.chan@housing.gov.example");
    expect(offboarding).toMatchObject({ dryRun: true, email: "victor.chan@housing.gov.example" });
    expect(offboarding.keys.map((k) => k.keyId).sort()).toEqual(plan.keys.map((k) => k.keyId).sort());
    expect((await client.holder("victor.chan@housing.gov.example"))?.__typename === "User").toBe(true);
    const planByEmail = await client.offboardingPlanByEmail("victor.chan@housing.gov.example");
    expect(planByEmail.user.status).toBe("ACTIVE");
  });

  it("says clearly when the email is no user's, or the target is nobody's", async () => {
    const unknown = await failure(client.offboardByEmail({ email: "gone@nowhere.example", dryRun: true }));
    expect(unknown).toMatchObject({ code: "USER_NOT_FOUND", field: "email" });
    expect(unknown.message).toContain("gone@nowhere.example");
    expect(isKeyholderError(unknown, "USER_NOT_FOUND")).toBe(true);
    const group = await failure(client.offboardingPlanByEmail(ESTATE_FINANCE));
    expect(group).toMatchObject({ code: "USER_NOT_FOUND", message: expect.stringContaining("group email") });
    const target = await failure(
      client.offboardByEmail({ email: "victor.chan@housing.gov.example", defaultTargetEmail: "x@nowhere.example" }),
    );
    expect(target).toMatchObject({ code: "HOLDER_NOT_FOUND", field: "defaultTargetEmail" });
  });
});

describe("exportKeysCsv with the list's filter", () => {
  it("holds exactly the keys apiKeys yields for the same filter and order", async () => {
    const filter = { environment: "STAGING", holderKind: "GROUP", status: "ACTIVE" } as const;
    const orderBy = { field: "NAME", direction: "ASC" } as const;
    const keys = await all(client.apiKeys({ filter, orderBy }));
    expect(keys.length).toBeGreaterThan(0);
    const csv = await new Response(await client.exportKeysCsv({ filter, orderBy })).text();
    const [header, ...rows] = csv.trimEnd().split("\r\n");
    const idColumn = header?.split(",").indexOf("key_id") ?? -1;
    expect(idColumn).toBeGreaterThanOrEqual(0);
    expect(rows.map((row) => row.split(",")[idColumn])).toEqual(keys.map((k) => k.id));
  });

  it("reports a filter the export refuses with its code, status and request id", async () => {
    const refused = await failure(client.exportKeysCsv({ filter: { unusedForDays: 0 } }));
    expect(refused.code).toMatch(/OUT_OF_RANGE|BAD_USER_INPUT/);
    expect(refused.status).toBe(400);
    expect(refused.requestId).toMatch(/\S/);
  });

  it("sends the filter on a runtime whose URLSearchParams has no size (Safari before 17)", async () => {
    const size = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, "size");
    Object.defineProperty(URLSearchParams.prototype, "size", { configurable: true, get: () => undefined });
    try {
      // The export refuses this filter: a dropped filter would export every key instead.
      const refused = await failure(client.exportKeysCsv({ filter: { unusedForDays: 0 } }));
      expect(refused.status).toBe(400);
    } finally {
      if (size) Object.defineProperty(URLSearchParams.prototype, "size", size);
    }
  });
});
