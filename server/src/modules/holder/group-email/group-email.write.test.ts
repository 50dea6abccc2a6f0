import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../../shared/role.js";
import { auditRows } from "../../../test-support/audit.js";
import type { TestDatabase } from "../../../test-support/database.js";
import { factories } from "../../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, UserErrorFields, useTestApi } from "../../../test-support/graphql.js";
import { UserStatus } from "../user/user-status.js";
import { GroupEmail } from "./group-email.entity.js";
import { GroupMembership } from "./group-membership.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const GroupEmailFields = graphql(
  `fragment GroupEmailFields on GroupEmail @_unmask { id email name description version healthy members { nodes { email } } }`,
);
const CREATE = graphql(
  `mutation($input: CreateGroupEmailInput!) { createGroupEmail(input: $input) { groupEmail { ...GroupEmailFields } errors { ...UserErrorFields } } }`,
  [GroupEmailFields, UserErrorFields],
);
const UPDATE = graphql(
  `mutation($input: UpdateGroupEmailInput!) { updateGroupEmail(input: $input) { groupEmail { ...GroupEmailFields } errors { ...UserErrorFields } } }`,
  [GroupEmailFields, UserErrorFields],
);
const ADD = graphql(
  `mutation($input: AddGroupMemberInput!) { addGroupMember(input: $input) { groupEmail { ...GroupEmailFields } errors { ...UserErrorFields } } }`,
  [GroupEmailFields, UserErrorFields],
);
const REMOVE = graphql(
  `mutation($input: RemoveGroupMemberInput!) { removeGroupMember(input: $input) { groupEmail { ...GroupEmailFields } errors { ...UserErrorFields } } }`,
  [GroupEmailFields, UserErrorFields],
);
// Two additions in one request: the second must see the first's write.
const ADD_TWO = graphql(`
  mutation AddTwoMembers($a: AddGroupMemberInput!, $b: AddGroupMemberInput!) {
    a: addGroupMember(input: $a) { groupEmail { members { nodes { email } } } errors { code } }
    b: addGroupMember(input: $b) { groupEmail { members { nodes { email } } } errors { code } }
  }
`);

const reload = (id: string) => db.em().findOneOrFail(GroupEmail, { id });
const membersOf = async (groupId: string) =>
  (await db.em().find(GroupMembership, { group: groupId }, { populate: ["user"] })).map((m) => m.user.email).sort();

describe("createGroupEmail", () => {
  it("adds a group email with a normalised address, audited with its snapshot and the request id", async () => {
    const res = await api.gql(
      CREATE,
      { input: { email: " Finance-Team@Agency.gov.example", name: "Finance team", description: "  Pays bills " } },
      { "x-request-id": "req-create-group" },
    );
    const group = res.data?.createGroupEmail?.groupEmail;
    expect(res.data?.createGroupEmail?.errors).toEqual([]);
    expect(group).toMatchObject({ email: "finance-team@agency.gov.example", description: "Pays bills", version: 1 });
    expect(await reload(group!.id)).toMatchObject({ email: "finance-team@agency.gov.example", name: "Finance team" });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "group_email.created",
        subjectType: "GroupEmail",
        subjectId: group!.id,
        actorId: (await api.tokenFor(Role.ADMIN)).userId,
        credentialKind: "TOKEN",
        before: null,
        after: { email: "finance-team@agency.gov.example", name: "Finance team", description: "Pays bills" },
        requestId: "req-create-group",
      }),
    ]);
  });

  it("refuses bad fields and an address a user already has (any case), writing nothing", async () => {
    await factories(db.em()).user({ email: "amy@agency.gov.example" });
    const errorsOf = async (input: InputOf<typeof CREATE>) =>
      (await api.gql(CREATE, { input })).data?.createGroupEmail?.errors;
    expect(await errorsOf({ email: "team at agency", name: "", description: "d".repeat(2001) })).toEqual([
      expect.objectContaining({ field: "email", code: "INVALID_EMAIL" }),
      expect.objectContaining({ field: "name", code: "REQUIRED" }),
      expect.objectContaining({ field: "description", code: "TOO_LONG" }),
    ]);
    expect(await errorsOf({ email: "AMY@agency.gov.example", name: "Amy's group" })).toEqual([
      { field: "email", code: "EMAIL_TAKEN", message: expect.any(String) },
    ]);
    expect(await db.em().count(GroupEmail, {})).toBe(0);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("updateGroupEmail", () => {
  it("changes the fields given, clears a blank description and moves the version on", async () => {
    const group = await factories(db.em()).group({ email: "ops@agency.gov.example", name: "Ops" });
    await db.em().execute("update holder set description = 'old' where id = ?", [group.id]);
    const res = await api.gql(UPDATE, {
      input: { id: group.id, version: 1, email: "Operations@agency.gov.example", description: "  " },
    });
    expect(res.data?.updateGroupEmail).toMatchObject({
      errors: [],
      groupEmail: { email: "operations@agency.gov.example", name: "Ops", description: null, version: 2 },
    });
    expect(await reload(group.id)).toMatchObject({ email: "operations@agency.gov.example", description: null });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "group_email.updated",
        subjectId: group.id,
        before: { email: "ops@agency.gov.example", name: "Ops", description: "old" },
        after: { email: "operations@agency.gov.example", name: "Ops", description: null },
      }),
    ]);
  });

  it("refuses a stale version, an unknown or a user's id, and a taken email, changing nothing", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "hr@agency.gov.example", name: "HR" });
    const user = await f.user({ email: "ian@agency.gov.example" });
    const errorsOf = async (input: Record<string, unknown>) =>
      (await api.gql(UPDATE, { input: { id: group.id, version: 1, ...input } })).data?.updateGroupEmail?.errors;
    expect(await errorsOf({ version: 2, name: "X" })).toEqual([
      expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" }),
    ]);
    expect(await errorsOf({ id: randomUUID(), name: "X" })).toEqual([
      expect.objectContaining({ field: "id", code: "GROUP_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ id: user.id, name: "X" })).toEqual([expect.objectContaining({ code: "GROUP_NOT_FOUND" })]);
    expect(await errorsOf({ email: "Ian@agency.gov.example" })).toEqual([
      expect.objectContaining({ field: "email", code: "EMAIL_TAKEN" }),
    ]);
    expect(await errorsOf({ name: " " })).toEqual([expect.objectContaining({ field: "name", code: "REQUIRED" })]);
    expect(await reload(group.id)).toMatchObject({ email: "hr@agency.gov.example", name: "HR", version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("group membership", () => {
  it("a later mutation of the same request sees an earlier one's write, not what the loaders read before it", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "pay@agency.gov.example" });
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const bob = await f.user({ email: "bob@agency.gov.example" });
    const res = await api.gql(ADD_TWO, {
      a: { groupId: group.id, userId: amy.id },
      b: { groupId: group.id, userId: bob.id },
    });
    expect(res.data?.a.groupEmail?.members.nodes).toEqual([{ email: "amy@agency.gov.example" }]);
    expect(res.data?.b.groupEmail?.members.nodes).toEqual([
      { email: "amy@agency.gov.example" },
      { email: "bob@agency.gov.example" },
    ]);
  });

  it("adds an active member: the row exists, the group's version moves on, audited with the reason", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "pay@agency.gov.example" });
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const res = await api.gql(ADD, { input: { groupId: group.id, userId: amy.id, reason: "joins finance" } });
    expect(res.data?.addGroupMember).toMatchObject({
      errors: [],
      groupEmail: {
        id: group.id,
        version: 2,
        members: { nodes: [{ email: "amy@agency.gov.example" }] },
        healthy: false,
      },
    });
    expect(await membersOf(group.id)).toEqual(["amy@agency.gov.example"]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "group_email.member_added",
        subjectType: "GroupEmail",
        subjectId: group.id,
        after: { member: "amy@agency.gov.example" },
        reason: "joins finance",
      }),
    ]);
    // Someone who read the group before the membership change is told it changed.
    const stale = await api.gql(UPDATE, { input: { id: group.id, version: 1, name: "Renamed" } });
    expect(stale.data?.updateGroupEmail?.errors).toEqual([expect.objectContaining({ code: "VERSION_CONFLICT" })]);
  });

  it("a group with two active members becomes healthy", async () => {
    const f = factories(db.em());
    const amy = await f.user();
    const group = await f.group({}, [amy]);
    const ben = await f.user();
    const res = await api.gql(ADD, { input: { groupId: group.id, userId: ben.id } });
    expect(res.data?.addGroupMember?.groupEmail?.healthy).toBe(true);
  });

  it("simultaneous additions of different members to one group all succeed, each audited", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const users = [await f.user(), await f.user(), await f.user()];
    const results = await Promise.all(
      users.map((user) => api.gql(ADD, { input: { groupId: group.id, userId: user.id } })),
    );
    expect(results.map((r) => r.data?.addGroupMember?.errors)).toEqual([[], [], []]);
    expect(await membersOf(group.id)).toEqual(users.map((u) => u.email).sort());
    expect(await reload(group.id)).toMatchObject({ version: 4 });
    expect((await auditRows(db)).map((e) => e.action)).toEqual(Array(3).fill("group_email.member_added"));
  });

  it("of simultaneous additions of the same member exactly one succeeds", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const amy = await f.user();
    const results = await Promise.all(
      [1, 2, 3].map(() => api.gql(ADD, { input: { groupId: group.id, userId: amy.id } })),
    );
    const codes = results.map((r) => r.data?.addGroupMember?.errors?.[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["ALREADY_MEMBER", "ALREADY_MEMBER", "OK"]);
    expect(await membersOf(group.id)).toEqual([amy.email]);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["group_email.member_added"]);
  });

  it("refuses a member twice, a departed user, unknown and wrong-kind ids, adding nothing", async () => {
    const f = factories(db.em());
    const amy = await f.user();
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const group = await f.group({}, [amy]);
    const other = await f.group();
    const errorsOf = async (input: Partial<InputOf<typeof ADD>> & { userId: string }) =>
      (await api.gql(ADD, { input: { groupId: group.id, ...input } })).data?.addGroupMember?.errors;
    expect(await errorsOf({ userId: amy.id })).toEqual([
      { field: "userId", code: "ALREADY_MEMBER", message: expect.any(String) },
    ]);
    expect(await errorsOf({ userId: gone.id })).toEqual([
      expect.objectContaining({ field: "userId", code: "USER_DEPARTED" }),
    ]);
    expect(await errorsOf({ userId: randomUUID() })).toEqual([
      expect.objectContaining({ field: "userId", code: "USER_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ userId: other.id })).toEqual([expect.objectContaining({ code: "USER_NOT_FOUND" })]);
    expect(await errorsOf({ groupId: amy.id, userId: gone.id })).toEqual([
      expect.objectContaining({ code: "GROUP_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ groupId: "nope", userId: amy.id })).toEqual([
      expect.objectContaining({ field: "groupId", code: "INVALID_ID" }),
    ]);
    expect(await membersOf(group.id)).toEqual([amy.email]);
    expect(await reload(group.id)).toMatchObject({ version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("removes a member (a departed one too), audited; removing a non-member is NOT_A_MEMBER", async () => {
    const f = factories(db.em());
    const amy = await f.user();
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const group = await f.group({}, [amy, gone]);
    const res = await api.gql(REMOVE, { input: { groupId: group.id, userId: gone.id, reason: "left" } });
    expect(res.data?.removeGroupMember).toMatchObject({
      errors: [],
      groupEmail: { members: { nodes: [{ email: amy.email }] } },
    });
    expect(await membersOf(group.id)).toEqual([amy.email]);
    const again = await api.gql(REMOVE, { input: { groupId: group.id, userId: gone.id } });
    expect(again.data?.removeGroupMember?.errors).toEqual([
      expect.objectContaining({ field: "userId", code: "NOT_A_MEMBER" }),
    ]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({ action: "group_email.member_removed", after: { member: gone.email }, reason: "left" }),
    ]);
  });
});
