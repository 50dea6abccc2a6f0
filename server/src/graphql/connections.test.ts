import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { CollaboratorRole } from "../shared/collaborator-role.js";
import { Role } from "../shared/role.js";
import type { TestDatabase } from "../test-support/database.js";
import { factories } from "../test-support/factories.js";
import { type GqlResult, graphql, type ResultOf, type TestApi, useTestApi } from "../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string }[];
  nodes: { id: string }[];
}

interface Args {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
}

/**
 * One connection of the schema: `field(args)` is the text of the field with the page arguments
 * spliced in, `pick` finds the connection in the answer. Written as text, not a typed document,
 * so that one walker serves every connection alike.
 */
interface Subject {
  name: string;
  field: (args: string) => string;
  pick: (data: Record<string, unknown>) => unknown;
}

const HOLDER_KEYS_PAGE = graphql(`
  query HolderKeysPage($first: Int, $last: Int) {
    holders(first: 20) { nodes { id keys(first: $first, last: $last) { nodes { id } } } }
  }
`);
const CREATE_SERVICE = graphql(`
  mutation CreateAuditedService($input: CreateServiceInput!) { createService(input: $input) { errors { code } } }
`);
const KEY_HISTORY = graphql(`
  query KeyHistoryNewestFirst($id: ID!) { apiKey(id: $id) { history(first: 50) { nodes { id occurredAt subjectId } } } }
`);

const SELECTION =
  "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { id }";

async function page(subject: Subject, args: Args): Promise<Connection> {
  const res = await api.gql(
    `query($first: Int, $after: String, $last: Int, $before: String) {
      ${subject.field("first: $first, after: $after, last: $last, before: $before")} }`,
    args as Record<string, unknown>,
  );
  expect(res.errors, `${subject.name} ${JSON.stringify(args)}`).toBeUndefined();
  return subject.pick(res.data as Record<string, unknown>) as Connection;
}

async function refusal(subject: Subject, args: Args) {
  const res = await api.gql(
    `query($first: Int, $after: String, $last: Int, $before: String) {
      ${subject.field("first: $first, after: $after, last: $last, before: $before")} }`,
    args as Record<string, unknown>,
  );
  return res.errors?.[0]?.extensions;
}

const ids = (c: Connection) => c.nodes.map((n) => n.id);

/**
 * Every id of the list, walking `size` at a time forward from the start or backward from the end;
 * each page says there is more behind it exactly when it was asked for from a cursor, and its
 * cursors are those of its first and last edges.
 */
async function walk(subject: Subject, size: number, way: "forward" | "backward"): Promise<string[]> {
  const forward = way === "forward";
  const seen: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const c = await page(subject, forward ? { first: size, after: cursor } : { last: size, before: cursor });
    const { hasNextPage, hasPreviousPage, startCursor, endCursor } = c.pageInfo;
    expect(forward ? hasPreviousPage : hasNextPage).toBe(cursor !== null);
    expect(startCursor).toBe(c.edges[0]?.cursor ?? null);
    expect(endCursor).toBe(c.edges[c.edges.length - 1]?.cursor ?? null);
    if (forward) seen.push(...ids(c));
    else seen.unshift(...ids(c));
    if (!(forward ? hasNextPage : hasPreviousPage)) return seen;
    cursor = forward ? endCursor : startCursor;
  }
}

/** The behaviours every connection shares, for a list of `count` (more than 3) items. */
async function checkBothWays(subject: Subject, count: number) {
  const all = await walk(subject, 3, "forward");
  expect(all, subject.name).toHaveLength(count);
  expect(new Set(all).size).toBe(count);
  // The same items in the same order, whichever way and whatever the page size.
  expect(await walk(subject, 3, "backward"), subject.name).toEqual(all);
  expect(await walk(subject, 2, "backward"), subject.name).toEqual(all);

  // The last page, asked for without a cursor.
  const tail = await page(subject, { last: 3 });
  expect(ids(tail)).toEqual(all.slice(-3));
  expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: count > 3 });
  expect(tail.totalCount).toBe(count);

  // Round trip: back from the second page's start is the first page.
  const first = await page(subject, { first: 3 });
  const second = await page(subject, { first: 3, after: first.pageInfo.endCursor });
  const back = await page(subject, { last: 3, before: second.pageInfo.startCursor });
  expect(ids(back)).toEqual(ids(first));
  expect(back.edges.map((e) => e.cursor)).toEqual(first.edges.map((e) => e.cursor));
  expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  const again = await page(subject, { first: 3, after: back.pageInfo.endCursor });
  expect(ids(again)).toEqual(ids(second));

  // Boundaries: nothing before the first item, nothing after the last; `last: 0` is an empty page.
  const none = await page(subject, { last: 3, before: first.edges[0]?.cursor });
  expect(none.nodes).toEqual([]);
  expect(none.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  const end = await page(subject, { first: 3, after: tail.pageInfo.endCursor });
  expect(end.nodes).toEqual([]);
  expect(end.pageInfo.hasNextPage).toBe(false);
  const empty = await page(subject, { last: 0 });
  expect(empty.nodes).toEqual([]);
  expect(empty.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: null });
  // Backward from the middle: the items just before the cursor, and more before them.
  const middle = await page(subject, { last: 2, before: second.edges[1]?.cursor });
  expect(ids(middle)).toEqual(all.slice(2, 4));
  expect(middle.pageInfo.hasPreviousPage).toBe(true);

  // A tampered `before` is refused with the stable code, naming the argument.
  const decoded = JSON.parse(Buffer.from(first.pageInfo.endCursor as string, "base64url").toString()) as string[];
  const tampered = [
    [...decoded, "x'; --"], // one value too many
    ["another-list", ...decoded.slice(1)], // another list's tag
    [decoded[0], ...decoded.slice(1).map(() => 42)], // values of the wrong type
    [decoded[0], ...decoded.slice(1).map(() => "a\u0000")], // text PostgreSQL cannot hold
  ];
  // An instant Date.parse reads but PostgreSQL does not, where the cursor holds an instant.
  const instant = (v: string) => /^\d{4}-\d{2}-\d{2}T/.test(v);
  if (decoded.some(instant)) tampered.push(decoded.map((v) => (instant(v) ? "1" : v)));
  for (const before of tampered.map((values) => Buffer.from(JSON.stringify(values)).toString("base64url"))) {
    expect(await refusal(subject, { last: 3, before }), `${subject.name} ${before}`).toMatchObject({
      code: "INVALID_CURSOR",
      field: "before",
    });
  }
  expect(await refusal(subject, { last: 3, before: "not-a-cursor" })).toMatchObject({
    code: "INVALID_CURSOR",
    field: "before",
  });
}

const top = (name: string, extra = ""): Subject => ({
  name: `${name}${extra}`,
  field: (args) => `${name}(${args}${extra}) { ${SELECTION} }`,
  pick: (data) => data[name],
});

/** A child connection's page: its first two items or its last two. */
type ChildPage = { pageFirst: number } | { pageLast: number };

/**
 * Asks through `send(first, page)` for 2 and for 6 items of the `list` connection, each with a page of 2
 * of the 3 entries of its own `connection`, from the front and from the back: every item answers
 * its own count and page, and the four requests cost the same SQL statements (the nested pages are
 * batched, never a query per item).
 */
async function expectBatchedChildPages(
  send: (first: number, page: ChildPage) => Promise<GqlResult<object>>,
  list: string,
  connection: string,
) {
  const statements = [];
  for (const first of [2, 6]) {
    for (const page of [{ pageFirst: 2 }, { pageLast: 2 }]) {
      const res = await send(first, page);
      expect(res.errors).toBeUndefined();
      type Nested = { totalCount: number; nodes: unknown[] };
      const nodes = (res.data as Record<string, { nodes: Record<string, Nested>[] }>)[list]?.nodes;
      expect(nodes).toHaveLength(first);
      for (const node of nodes ?? []) {
        expect(node[connection]?.totalCount).toBe(3);
        expect(node[connection]?.nodes).toHaveLength(2);
      }
      statements.push(res.sqlStatements);
    }
  }
  expect(new Set(statements).size).toBe(1);
}

describe("connections page both ways", () => {
  let holderId: string;
  let serviceId: string;

  beforeEach(async () => {
    const f = factories(db.em());
    const base = Date.now() - 50 * DAY;
    const users = [];
    for (let i = 0; i < 8; i++) users.push(await f.user({ email: `person${i}@agency.gov.example` }));
    const group = await f.group({ email: "team@agency.gov.example" }, users.slice(0, 2));
    for (let i = 0; i < 6; i++) await f.group({ email: `group${i}@agency.gov.example` });
    const service = await f.service({ slug: "payments" });
    for (let i = 0; i < 6; i++) await f.service({ slug: `service-${i}` });
    await f.collaborator(service, group);
    await f.collaborator(service, users[2] as (typeof users)[number]);
    for (let i = 0; i < 9; i++) {
      // Pairs share a timestamp, names and holders repeat: the id breaks every tie.
      const holder = i % 2 === 0 ? group : (users[2] as (typeof users)[number]);
      await f.key(holder, {
        name: `key ${i % 4}`,
        createdAt: new Date(base + Math.floor(i / 2) * DAY),
        expiresAt: i % 2 ? new Date(Date.now() + (i + 1) * DAY) : undefined,
      });
    }
    holderId = group.id;
    serviceId = service.id;
  });

  it("every top-level list: apiKeys in each order, holders, users, group emails, services", async () => {
    await checkBothWays(top("apiKeys"), 9);
    for (const field of ["CREATED_AT", "NAME", "HOLDER", "LAST_USED_AT", "EXPIRES_AT"]) {
      for (const direction of ["ASC", "DESC"]) {
        await checkBothWays(top("apiKeys", `, orderBy: { field: ${field}, direction: ${direction} }`), 9);
      }
    }
    await checkBothWays(top("apiKeys", ", filter: { expiresWithinDays: 30 }"), 4);
    await checkBothWays(top("holders"), 8 + 1 + 6 + 1); // and the token's own user
    await checkBothWays(top("users"), 8 + 1); // and the token's own user
    await checkBothWays(top("groupEmails"), 7);
    await checkBothWays(top("services"), 7);
  });

  it("nested lists: a holder's keys and a service's working keys", async () => {
    await checkBothWays(
      {
        name: "holder.keys",
        field: (args) => `holder(id: "${holderId}") { keys(${args}) { ${SELECTION} } }`,
        pick: (data) => (data.holder as Record<string, unknown>).keys,
      },
      5,
    );
    await checkBothWays(
      {
        name: "service.workingKeys",
        field: (args) => `service(id: "${serviceId}") { workingKeys(${args}) { ${SELECTION} } }`,
        pick: (data) => (data.service as Record<string, unknown>).workingKeys,
      },
      9,
    );
  });

  it("a backward page of every holder's keys costs the statements a forward page does", async () => {
    const forwardPage = await api.gql(HOLDER_KEYS_PAGE, { first: 2 });
    const backwardPage = await api.gql(HOLDER_KEYS_PAGE, { last: 2 });
    expect(forwardPage.errors).toBeUndefined();
    expect(backwardPage.errors).toBeUndefined();
    expect(backwardPage.sqlStatements).toBe(forwardPage.sqlStatements);
    const group = (data: ResultOf<typeof HOLDER_KEYS_PAGE> | undefined) =>
      data?.holders.nodes.find((h) => h.id === holderId);
    const whole = (await api.gql(HOLDER_KEYS_PAGE, { first: 10 })).data;
    const allKeys = group(whole)?.keys.nodes.map((k) => k.id) ?? [];
    expect(allKeys).toHaveLength(5);
    expect(group(backwardPage.data)?.keys.nodes.map((k) => k.id)).toEqual(allKeys.slice(-2));
  });

  it("the audit log: events, entries and the outbox and deliveries of notify", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await api.gql(CREATE_SERVICE, { input: { slug: `audited-${i}`, name: `Audited ${i}` } });
      expect(res.errors).toBeUndefined();
    }
    const events = (await walk(top("auditEvents"), 50, "forward")).length;
    expect(events).toBeGreaterThanOrEqual(5);
    await checkBothWays(top("auditEvents"), events);
    const entries = (await walk(top("auditEntries"), 50, "forward")).length;
    await checkBothWays(top("auditEntries"), entries);

    const em = db.em();
    for (let i = 0; i < 7; i++) {
      await em.execute(
        `insert into notice_message (dedupe_key, category, recipient, subject, text_body, html_body)
         values (?, 'KEY_CREATED', 'someone@agency.gov.example', ?, 'text', 'html')`,
        [`test-${i}`, `Notice ${i}`],
      );
    }
    await checkBothWays(top("outbox"), 7);
    const endpoint = randomUUID();
    await em.execute(
      `insert into webhook_endpoint (id, url, event_types, secret) values (?, 'https://example.com/hook', '{*}', 's')`,
      [endpoint],
    );
    for (let i = 0; i < 7; i++) {
      // Pairs share a time: the id breaks the tie.
      await em.execute(
        `insert into webhook_delivery (id, endpoint_id, dedupe_key, event_type, payload, created_at)
         values (?, ?, ?, 'api_key.created', '{}', ?)`,
        [`msg_${i}`, endpoint, `d-${i}`, new Date(Date.now() - Math.floor(i / 2) * 60_000)],
      );
    }
    await checkBothWays(top("webhookDeliveries", `, endpointId: "${endpoint}"`), 7);
  });

  it("lists that grew without bound are connections: collaborators, collaborations, members, groups, tokens", async () => {
    const f = factories(db.em());
    const service = await f.service({ slug: "crowded" });
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await f.user({ email: `member${i}@agency.gov.example` }));
    const team = await f.group({ email: "crowd@agency.gov.example" }, people);
    const [member] = people as [(typeof people)[number]];
    for (let i = 0; i < 4; i++) await f.group({ email: `also${i}@agency.gov.example` }, [member]);
    for (const role of [CollaboratorRole.ADMIN, CollaboratorRole.BILLING, CollaboratorRole.VIEWER]) {
      await f.collaborator(service, team, role);
      await f.collaborator(service, member, role);
    }
    for (let i = 0; i < 4; i++) await f.collaborator(await f.service({ slug: `more-${i}` }), member);
    const nested = (name: string, root: string, field: string): Subject => ({
      name,
      field: (args) => `${root} { ${field}(${args}) { ${SELECTION} } }`,
      pick: (data) => (Object.values(data)[0] as Record<string, unknown>)[field],
    });
    await checkBothWays(nested("service.collaborators", `service(id: "${service.id}")`, "collaborators"), 6);
    await checkBothWays(nested("holder.collaborations", `holder(id: "${member.id}")`, "collaborations"), 7);
    await checkBothWays(nested("group.members", `groupEmail(id: "${team.id}")`, "members"), 5);
    await checkBothWays(nested("user.groupEmails", `user(id: "${member.id}")`, "groupEmails"), 5);

    // Minting a token needs a console session; these only need to be listed.
    const { userId } = await api.tokenFor(Role.ADMIN);
    for (let i = 0; i < 4; i++) {
      await db.em().execute(
        `insert into access_token (id, user_id, name, role, prefix, digest, created_at, expires_at)
         values (?, ?, ?, 'VIEWER', ?, ?, ?, now() + interval '30 days')`,
        [
          randomUUID(),
          userId,
          `token ${i}`,
          `khp_t${i}`,
          String(i).repeat(64),
          new Date(Date.now() - Math.floor(i / 2) * DAY),
        ],
      );
    }
    await checkBothWays(top("accessTokens"), 5); // and the test's own token
    await checkBothWays(top("accessTokens", ", all: true"), 5);
  });

  it("a page of services with their collaborators costs the same statements for 2 services as for 6", async () => {
    const f = factories(db.em());
    const holders = [await f.user(), await f.group(), await f.user()];
    const services = [];
    for (let i = 0; i < 6; i++) {
      const service = await f.service({ slug: `batched-${i}` });
      for (const holder of holders) await f.collaborator(service, holder);
      services.push(service);
    }
    const SERVICES = graphql(`
      query BatchedCollaborators($first: Int!, $pageFirst: Int, $pageLast: Int) {
        services(first: $first, filter: { search: "batched" }) {
          nodes {
            collaborators(first: $pageFirst, last: $pageLast) { totalCount nodes { role holder { email } } }
            holders: collaborators(first: 1) {
              nodes { holder { ... on GroupEmail { members(last: 2) { totalCount nodes { id } } } } }
            }
          }
        }
      }
    `);
    await expectBatchedChildPages((first, page) => api.gql(SERVICES, { first, ...page }), "services", "collaborators");
  });

  it("a key's history is a connection, newest first, over its own events and the sets that name it", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const [key, other, third] = [await f.key(group), await f.key(group), await f.key(group)];
    const base = Date.now() - 10 * DAY;
    // Seven events of the key, pairs at one instant (the record number breaks the tie), three of
    // them sets that name other keys too; one event of another key only.
    for (let i = 0; i < 7; i++) {
      const at = new Date(base + Math.floor(i / 2) * DAY);
      if (i % 3 === 0) {
        await db.em().execute(
          `insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_ids)
           values (?, 'test', 'SYSTEM', 'api_key.reassigned', 'ApiKey', ?::uuid[])`,
          [at, `{${other.id},${key.id},${third.id}}`],
        );
      } else {
        await db.em().execute(
          `insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_id)
           values (?, 'test', 'SYSTEM', 'api_key.updated', 'ApiKey', ?)`,
          [at, key.id],
        );
      }
    }
    await db.em().execute(
      `insert into audit_event (occurred_at, actor_label, credential_kind, action, subject_type, subject_id)
       values (?, 'test', 'SYSTEM', 'api_key.updated', 'ApiKey', ?)`,
      [new Date(base), other.id],
    );
    const history: Subject = {
      name: "apiKey.history",
      field: (args) => `apiKey(id: "${key.id}") { history(${args}) { ${SELECTION} } }`,
      pick: (data) => (data.apiKey as Record<string, unknown>).history,
    };
    await checkBothWays(history, 7);
    // Newest first, ties in recorded order reversed: as custody and the audit log read it.
    const nodes = (await api.execute(KEY_HISTORY, { id: key.id })).apiKey!.history.nodes;
    expect(nodes.every((n) => n.subjectId === key.id)).toBe(true);
    const sorted = [...nodes].sort(
      (a, b) =>
        b.occurredAt.localeCompare(a.occurredAt) ||
        Number(b.id.split(".")[0] as string) - Number(a.id.split(".")[0] as string),
    );
    expect(nodes.map((n) => n.id)).toEqual(sorted.map((n) => n.id));
    // Another key's history holds the sets that name it too, and its own event.
    const otherPage = await page(
      { ...history, field: (args) => `apiKey(id: "${other.id}") { history(${args}) { ${SELECTION} } }` },
      { first: 1 },
    );
    expect(otherPage.totalCount).toBe(4);
  });

  it("a page of keys with their histories costs the same statements for 2 keys as for 6", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "historic@agency.gov.example" });
    for (let i = 0; i < 6; i++) {
      const key = await f.key(group, { name: `historic ${i}` });
      for (let j = 0; j < 3; j++) {
        await db.em().execute(
          `insert into audit_event (actor_label, credential_kind, action, subject_type, subject_id)
           values ('test', 'SYSTEM', 'api_key.updated', 'ApiKey', ?)`,
          [key.id],
        );
      }
    }
    const KEYS = graphql(`
      query BatchedHistories($first: Int!, $holderId: ID!, $pageFirst: Int, $pageLast: Int) {
        apiKeys(first: $first, filter: { holderId: $holderId }) {
          nodes { history(first: $pageFirst, last: $pageLast) { totalCount nodes { id action } } custody { from } }
        }
      }
    `);
    await expectBatchedChildPages(
      (first, page) => api.gql(KEYS, { first, holderId: group.id, ...page }),
      "apiKeys",
      "history",
    );
  });

  it("refuses a request that mixes the directions, with stable codes", async () => {
    const keys = top("apiKeys");
    const cursor = (await page(keys, { first: 1 })).pageInfo.endCursor;
    expect(await refusal(keys, { first: 2, last: 2 })).toMatchObject({ code: "INVALID_PAGE_SIZE", field: "last" });
    expect(await refusal(keys, { last: 2, after: cursor })).toMatchObject({ code: "INVALID_CURSOR", field: "after" });
    expect(await refusal(keys, { first: 2, before: cursor })).toMatchObject({
      code: "INVALID_CURSOR",
      field: "before",
    });
    expect(await refusal(keys, { after: cursor, before: cursor })).toMatchObject({ code: "INVALID_CURSOR" });
    expect(await refusal(keys, { last: 501 })).toMatchObject({ code: "INVALID_PAGE_SIZE", field: "last" });
    expect(await refusal(keys, { last: -1 })).toMatchObject({ code: "INVALID_PAGE_SIZE", field: "last" });
    // A cursor of one order is no cursor of another, backward as forward.
    const byName = top("apiKeys", ", orderBy: { field: NAME, direction: ASC }");
    expect(await refusal(byName, { last: 2, before: cursor })).toMatchObject({ code: "INVALID_CURSOR" });
    // `before` alone pages backward by the default size.
    const tail = await page(keys, { before: cursor });
    expect(tail.nodes).toEqual([]);
    expect(tail.pageInfo.hasNextPage).toBe(true);
  });
});
