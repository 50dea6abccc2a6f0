import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows, auditRowsContaining } from "../../test-support/audit.js";
import { consoleUser, ME, signIn, withSession } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const EMAIL = "pat@agency.gov.example";
const PASSWORD = "first password 1";
const NEW_PASSWORD = "second password 2";

const CHANGE = graphql(`
  mutation($input: ChangePasswordInput!) { changePassword(input: $input) { user { id } errors { field code message } } }
`);
const RESET = graphql(`
  mutation($userId: ID!) { resetConsolePassword(input: { userId: $userId }) { password user { id } errors { field code message } } }
`);

const sessionEnds = (userId: string) =>
  db
    .em()
    .execute<{ end_reason: string | null }[]>("select end_reason from session where user_id = ? order by created_at", [
      userId,
    ])
    .then((rows) => rows.map((r) => r.end_reason));

describe("changePassword", () => {
  it("refuses a wrong current password and a weak new one, keeping the old password", async () => {
    await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const session = withSession(api, (await signIn(api, EMAIL, PASSWORD)).token as string);
    const errorsOf = async (currentPassword: string, newPassword: string) =>
      (await session(CHANGE, { input: { currentPassword, newPassword } })).data!.changePassword;
    expect(await errorsOf("not my password", NEW_PASSWORD)).toEqual({
      user: null,
      errors: [{ field: "currentPassword", code: "INVALID_CREDENTIALS", message: expect.any(String) }],
    });
    expect(await errorsOf(PASSWORD, "short")).toEqual({
      user: null,
      errors: [{ field: "newPassword", code: "WEAK_PASSWORD", message: expect.any(String) }],
    });
    expect((await errorsOf(PASSWORD, "my name is PAT, ok?")).errors).toEqual([
      expect.objectContaining({ field: "newPassword", code: "WEAK_PASSWORD" }),
    ]);
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors).toEqual([]);
    expect((await auditRows(db)).map((e) => e.action)).not.toContain("auth.password_changed");
  });

  it("sets the new password, ends the account's other sessions and keeps the current one", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const current = withSession(api, (await signIn(api, EMAIL, PASSWORD)).token as string);
    const other = withSession(api, (await signIn(api, EMAIL, PASSWORD)).token as string);
    expect((await other(ME)).data?.me?.role).toBe("VIEWER");

    const res = await current(CHANGE, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(res.data?.changePassword).toEqual({ user: { id: user.id }, errors: [] });
    expect((await current(ME)).data?.me?.role).toBe("VIEWER");
    expect((await other(ME)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await sessionEnds(user.id)).toEqual([null, "PASSWORD_CHANGED"]);

    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors[0].code).toBe("INVALID_CREDENTIALS");
    expect((await signIn(api, EMAIL, NEW_PASSWORD)).payload.errors).toEqual([]);
    expect((await auditRows(db)).filter((e) => e.action === "auth.password_changed")).toEqual([
      expect.objectContaining({ subjectId: user.id, actorId: user.id, credentialKind: "SESSION" }),
    ]);
    // Neither password is kept anywhere readable.
    expect(await auditRowsContaining(db, PASSWORD)).toBe(0);
    expect(await auditRowsContaining(db, NEW_PASSWORD)).toBe(0);
    expect(api.logLines.join("\n")).not.toContain(NEW_PASSWORD);
  });
});

describe("resetConsolePassword", () => {
  it("returns a generated password, shown once, that signs in; the old one and the open sessions end", async () => {
    const user = await consoleUser(db, EMAIL, Role.OPERATOR, PASSWORD);
    const old = withSession(api, (await signIn(api, EMAIL, PASSWORD)).token as string);
    const res = await api.gql(RESET, { userId: user.id }, { "x-request-id": "req-reset" });
    const password = res.data!.resetConsolePassword.password!;
    expect(res.data?.resetConsolePassword).toEqual({ password: expect.any(String), user: { id: user.id }, errors: [] });
    expect(password!.length).toBeGreaterThanOrEqual(12);

    expect((await old(ME)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await sessionEnds(user.id)).toEqual(["PASSWORD_RESET"]);
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors[0].code).toBe("INVALID_CREDENTIALS");
    expect((await signIn(api, EMAIL, password)).payload).toMatchObject({ errors: [], viewer: { role: "OPERATOR" } });

    expect((await auditRows(db)).find((e) => e.action === "user.password_reset")).toMatchObject({
      subjectType: "User",
      subjectId: user.id,
      actorId: (await api.tokenFor(Role.ADMIN)).userId,
      credentialKind: "TOKEN",
      requestId: "req-reset",
    });
    expect(await auditRowsContaining(db, password)).toBe(0);
    expect(api.logLines.join("\n")).not.toContain(password);
  });

  it("unlocks a locked account", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    for (let i = 0; i < 5; i++) await signIn(api, EMAIL, "wrong wrong wrong");
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors[0].code).toBe("ACCOUNT_LOCKED");
    const reset = await api.gql(RESET, { userId: user.id });
    const password = reset.data!.resetConsolePassword.password!;
    expect(password).toEqual(expect.any(String));
    expect((await signIn(api, EMAIL, password)).payload.errors).toEqual([]);
  });

  it("is refused for an account without console access, an unknown id, and callers below ADMIN", async () => {
    const plain = await factories(db.em()).user();
    const noAccess = await api.gql(RESET, { userId: plain.id });
    expect(noAccess.data?.resetConsolePassword).toEqual({
      password: null,
      user: null,
      errors: [expect.objectContaining({ field: "userId", code: "FORBIDDEN" })],
    });
    const unknown = await api.gql(RESET, { userId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.data?.resetConsolePassword?.errors).toEqual([expect.objectContaining({ code: "USER_NOT_FOUND" })]);

    const target = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const operator = await api.as(Role.OPERATOR)(RESET, { userId: target.id });
    expect(operator.data).toBeNull();
    expect(operator.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors).toEqual([]);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["auth.signed_in"]);
  });
});
