import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../../shared/role.js";
import { auditRows, tokenIdOf } from "../../../test-support/audit.js";
import type { TestDatabase } from "../../../test-support/database.js";
import { factories } from "../../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, useTestApi } from "../../../test-support/graphql.js";
import { User } from "./user.entity.js";
import { UserStatus } from "./user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const CREATE = graphql(`
  mutation($input: CreateUserInput!) {
    createUser(input: $input) { user { id email name status version } errors { field code message } }
  }
`);
const UPDATE = graphql(`
  mutation($input: UpdateUserInput!) {
    updateUser(input: $input) { user { id email name status version } errors { field code message } }
  }
`);

const reload = (id: string) => db.em().findOneOrFail(User, { id });
const holderCount = async () => (await db.em().execute("select id from holder where email like '%gov.example'")).length;

describe("createUser", () => {
  it("adds an active user with a normalised email, audited with actor, token and request id", async () => {
    const admin = await api.tokenFor(Role.ADMIN);
    const res = await api.gql(
      CREATE,
      { input: { email: "  Amy.Chua@Agency.GOV.example ", name: "  Amy Chua " } },
      { "x-request-id": "req-create-user" },
    );
    expect(res.data?.createUser?.errors).toEqual([]);
    const created = res.data?.createUser?.user;
    expect(created).toMatchObject({ email: "amy.chua@agency.gov.example", name: "Amy Chua", status: "ACTIVE" });

    const row = await reload(created!.id);
    expect(row).toMatchObject({ email: "amy.chua@agency.gov.example", name: "Amy Chua", status: UserStatus.ACTIVE });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "user.created",
        subjectType: "User",
        subjectId: created!.id,
        actorId: admin.userId,
        actorLabel: "test-admin@keyholder.test",
        credentialKind: "TOKEN",
        credentialId: await tokenIdOf(db, admin.userId),
        before: null,
        after: {
          email: "amy.chua@agency.gov.example",
          name: "Amy Chua",
          status: "ACTIVE",
          departedAt: null,
          consoleRole: null,
        },
        requestId: "req-create-user",
      }),
    ]);
  });

  it("reports every bad field at once with stable codes, and writes nothing", async () => {
    const bad = async (input: InputOf<typeof CREATE>) => (await api.gql(CREATE, { input })).data!.createUser;
    expect(await bad({ email: "not-an-email", name: "   " })).toEqual({
      user: null,
      errors: [
        { field: "email", code: "INVALID_EMAIL", message: expect.any(String) },
        { field: "name", code: "REQUIRED", message: expect.any(String) },
      ],
    });
    expect((await bad({ email: "a@agency.gov.example", name: "x".repeat(201) })).errors).toEqual([
      expect.objectContaining({ field: "name", code: "TOO_LONG" }),
    ]);
    expect((await bad({ email: `${"a".repeat(250)}@x.example`, name: "A" })).errors).toEqual([
      expect.objectContaining({ field: "email", code: "TOO_LONG" }),
    ]);
    expect((await bad({ email: "two@@agency.gov.example", name: "A" })).errors[0]?.code).toBe("INVALID_EMAIL");
    expect(await holderCount()).toBe(0);
    expect(await auditRows(db)).toEqual([]);
  });

  it("refuses an email already used by a user or a group, whatever its case, with EMAIL_TAKEN", async () => {
    const f = factories(db.em());
    await f.user({ email: "amy@agency.gov.example" });
    await f.group({ email: "finance@agency.gov.example" });
    for (const email of [" AMY@agency.gov.example", "Finance@Agency.gov.example"]) {
      const res = await api.gql(CREATE, { input: { email, name: "Someone" } });
      expect(res.data?.createUser).toEqual({
        user: null,
        errors: [{ field: "email", code: "EMAIL_TAKEN", message: expect.any(String) }],
      });
    }
    expect(await holderCount()).toBe(2);
    expect(await auditRows(db)).toEqual([]);
  });

  it("lets exactly one of two simultaneous creations of the same email through", async () => {
    const results = await Promise.all(
      ["race@agency.gov.example", "RACE@agency.gov.example", "Race@agency.gov.example"].map((email) =>
        api.gql(CREATE, { input: { email, name: "Racer" } }),
      ),
    );
    const payloads = results.map((r) => r.data?.createUser);
    expect(payloads.filter((p) => p!.user)).toHaveLength(1);
    expect(payloads.filter((p) => !p!.user).map((p) => p!.errors[0]?.code)).toEqual(["EMAIL_TAKEN", "EMAIL_TAKEN"]);
    expect(await holderCount()).toBe(1);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["user.created"]);
  });
});

describe("updateUser", () => {
  it("renames and re-addresses a user at the version read, moving the version on, audited before and after", async () => {
    const user = await factories(db.em()).user({ email: "ben@agency.gov.example", name: "Ben" });
    const res = await api.gql(
      UPDATE,
      { input: { id: user.id, version: 1, name: "Ben Ho", email: "Ben.Ho@agency.gov.example" } },
      { "x-request-id": "req-update-user" },
    );
    expect(res.data?.updateUser).toEqual({
      errors: [],
      user: { id: user.id, email: "ben.ho@agency.gov.example", name: "Ben Ho", status: "ACTIVE", version: 2 },
    });
    expect(await reload(user.id)).toMatchObject({ email: "ben.ho@agency.gov.example", name: "Ben Ho", version: 2 });
    const [event] = await auditRows(db);
    expect(event).toMatchObject({
      action: "user.updated",
      subjectType: "User",
      subjectId: user.id,
      actorId: (await api.tokenFor(Role.ADMIN)).userId,
      credentialKind: "TOKEN",
      requestId: "req-update-user",
      before: { email: "ben@agency.gov.example", name: "Ben" },
      after: { email: "ben.ho@agency.gov.example", name: "Ben Ho" },
    });
  });

  it("keeps omitted fields, and accepts the user's own email in another case", async () => {
    const user = await factories(db.em()).user({ email: "cy@agency.gov.example", name: "Cy" });
    const res = await api.gql(UPDATE, { input: { id: user.id, version: 1, email: "CY@agency.gov.example" } });
    expect(res.data?.updateUser?.errors).toEqual([]);
    expect(await reload(user.id)).toMatchObject({ email: "cy@agency.gov.example", name: "Cy" });
  });

  it("refuses a stale version with VERSION_CONFLICT and changes nothing", async () => {
    const user = await factories(db.em()).user({ name: "Dee" });
    expect(
      (await api.gql(UPDATE, { input: { id: user.id, version: 1, name: "Dee 2" } })).data?.updateUser?.errors,
    ).toEqual([]);
    const stale = await api.gql(UPDATE, { input: { id: user.id, version: 1, name: "Dee 3" } });
    expect(stale.data?.updateUser).toEqual({
      user: null,
      errors: [{ field: "version", code: "VERSION_CONFLICT", message: expect.any(String) }],
    });
    expect(await reload(user.id)).toMatchObject({ name: "Dee 2", version: 2 });
    expect((await auditRows(db)).map((e) => e.after?.name)).toEqual(["Dee 2"]);
  });

  it("of two simultaneous updates at the same version, exactly one wins and the other gets VERSION_CONFLICT", async () => {
    const user = await factories(db.em()).user({ name: "Eve" });
    const names = ["Eve A", "Eve B", "Eve C"];
    const results = await Promise.all(
      names.map((name) => api.gql(UPDATE, { input: { id: user.id, version: 1, name } })),
    );
    const payloads = results.map((r) => r.data?.updateUser);
    const winners = payloads.filter((p) => p!.user);
    expect(winners).toHaveLength(1);
    expect(payloads.filter((p) => !p!.user).map((p) => p!.errors[0]?.code)).toEqual([
      "VERSION_CONFLICT",
      "VERSION_CONFLICT",
    ]);
    expect(await reload(user.id)).toMatchObject({ name: winners[0]?.user?.name, version: 2 });
    expect((await auditRows(db)).map((e) => e.after?.name)).toEqual([winners[0]?.user?.name]);
  });

  it("cannot edit a departed user (USER_DEPARTED)", async () => {
    const user = await factories(db.em()).user({ name: "Gone", status: UserStatus.DEPARTED });
    const res = await api.gql(UPDATE, { input: { id: user.id, version: 1, name: "Back" } });
    expect(res.data?.updateUser).toEqual({
      user: null,
      errors: [{ field: "id", code: "USER_DEPARTED", message: expect.any(String) }],
    });
    expect(await reload(user.id)).toMatchObject({ name: "Gone", version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("answers unknown, malformed and group ids, taken emails and bad values in errors, changing nothing", async () => {
    const f = factories(db.em());
    const user = await f.user({ email: "fay@agency.gov.example", name: "Fay" });
    const group = await f.group({ email: "team@agency.gov.example" });
    const errorsOf = async (input: Partial<InputOf<typeof UPDATE>> & { id: string }) =>
      (await api.gql(UPDATE, { input: { version: 1, ...input } })).data?.updateUser?.errors;
    expect(await errorsOf({ id: randomUUID(), name: "X" })).toEqual([
      expect.objectContaining({ code: "USER_NOT_FOUND", field: "id" }),
    ]);
    expect(await errorsOf({ id: "not-a-uuid", name: "X" })).toEqual([
      expect.objectContaining({ code: "INVALID_ID", field: "id" }),
    ]);
    expect(await errorsOf({ id: group.id, name: "X" })).toEqual([expect.objectContaining({ code: "USER_NOT_FOUND" })]);
    expect(await errorsOf({ id: user.id, email: "TEAM@agency.gov.example" })).toEqual([
      expect.objectContaining({ code: "EMAIL_TAKEN", field: "email" }),
    ]);
    expect(await errorsOf({ id: user.id, email: "nope", name: "" })).toEqual([
      expect.objectContaining({ code: "INVALID_EMAIL", field: "email" }),
      expect.objectContaining({ code: "REQUIRED", field: "name" }),
    ]);
    expect(await errorsOf({ id: user.id, version: 0, name: "X" })).toEqual([
      expect.objectContaining({ code: "OUT_OF_RANGE", field: "version" }),
    ]);
    expect(await reload(user.id)).toMatchObject({ email: "fay@agency.gov.example", name: "Fay", version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });
});
