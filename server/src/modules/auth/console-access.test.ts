import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import { consoleUser, ME, signIn, withSession } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi, withHeaders } from "../../test-support/graphql.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const EMAIL = "quinn@agency.gov.example";
const PASSWORD = "quite a long password";

const SET = graphql(`
  mutation($input: SetConsoleAccessInput!) {
    setConsoleAccess(input: $input) { user { id version } errors { field code message } }
  }
`);
const CREATE_TOKEN = graphql(`
  mutation($input: CreateAccessTokenInput!) { createAccessToken(input: $input) { secret errors { code } } }
`);

const OFFBOARD = graphql(`
  mutation OffboardWithTokens($i: OffboardUserInput!) {
    offboardUser(input: $i) { offboarding { tokensRevoked } errors { code } }
  }
`);
const CREATE_SERVICE = graphql(`
  mutation CreateServiceAsToken($input: CreateServiceInput!) { createService(input: $input) { errors { code } } }
`);

const reload = (id: string) => db.em().findOneOrFail(User, { id });
const versionOf = async (id: string) => (await reload(id)).version;
const bearer = (secret: string) => withHeaders(api.anonymous, { authorization: `Bearer ${secret}` });

/** A console user signed in once, with a session and an access token of their own role. */
async function signedInWithToken(role: Role) {
  const user = await consoleUser(db, EMAIL, role, PASSWORD);
  const session = withSession(api, (await signIn(api, EMAIL, PASSWORD)).token as string);
  const created = await session(CREATE_TOKEN, { input: { name: "script", role, expiresInDays: 30 } });
  return { user, session, token: bearer(created.data!.createAccessToken.secret!) };
}

describe("setConsoleAccess", () => {
  it("grants a role to a member of staff, moving the version on, audited before and after", async () => {
    const user = await factories(db.em()).user({ email: EMAIL });
    const res = await api.gql(SET, { input: { userId: user.id, role: "OPERATOR", version: 1 } });
    expect(res.data?.setConsoleAccess).toEqual({ user: { id: user.id, version: 2 }, errors: [] });
    expect((await reload(user.id)).consoleRole).toBe(Role.OPERATOR);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "user.console_access_changed",
        subjectType: "User",
        subjectId: user.id,
        actorId: (await api.tokenFor(Role.ADMIN)).userId,
        before: expect.objectContaining({ consoleRole: null }),
        after: expect.objectContaining({ consoleRole: "OPERATOR" }),
      }),
    ]);
  });

  it("signing in does not move the user's version, so an admin's edit still applies", async () => {
    const user = await consoleUser(db, EMAIL, Role.VIEWER, PASSWORD);
    const read = await versionOf(user.id);
    await signIn(api, EMAIL, "wrong password!!");
    for (let i = 0; i < 5; i++) await signIn(api, EMAIL, "wrong password!!");
    await db.em().execute("update holder set locked_until = null where id = ?", [user.id]);
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors).toEqual([]);
    const res = await api.gql(SET, { input: { userId: user.id, role: "OPERATOR", version: read } });
    expect(res.data?.setConsoleAccess?.errors).toEqual([]);
  });

  it("removing access ends sessions, revokes tokens and forgets the password", async () => {
    const { user, session, token } = await signedInWithToken(Role.OPERATOR);
    expect((await token(ME)).data?.me?.role).toBe("OPERATOR");
    const res = await api.gql(SET, { input: { userId: user.id, role: null, version: await versionOf(user.id) } });
    expect(res.data?.setConsoleAccess?.errors).toEqual([]);

    expect((await session(ME)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await token(ME)).status).toBe(401);
    const [row] = await db.em().execute("select console_role, password_hash from holder where id = ?", [user.id]);
    expect(row).toEqual({ console_role: null, password_hash: null });
    const tokens = await db.em().execute("select id, revoked_at from access_token where user_id = ?", [user.id]);
    expect(tokens).toEqual([{ id: expect.any(String), revoked_at: expect.anything() }]);
    // The token's own history shows its end, as a revocation by hand would.
    expect((await auditRows(db)).filter((r) => r.subjectId === tokens[0]?.id).map((r) => r.action)).toEqual([
      "access_token.created",
      "access_token.revoked",
    ]);

    // Access granted again does not revive the old password.
    await api.gql(SET, { input: { userId: user.id, role: "VIEWER", version: await versionOf(user.id) } });
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors[0].code).toBe("INVALID_CREDENTIALS");
  });

  it("lowering the role ends sessions and revokes tokens at once", async () => {
    const { user, session, token } = await signedInWithToken(Role.OPERATOR);
    await api.gql(SET, { input: { userId: user.id, role: "VIEWER", version: await versionOf(user.id) } });
    expect((await session(ME)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await token(ME)).status).toBe(401);
    expect((await signIn(api, EMAIL, PASSWORD)).payload.viewer.role).toBe("VIEWER");
  });

  it("raising the role keeps the user's sessions and tokens", async () => {
    const { user, session, token } = await signedInWithToken(Role.VIEWER);
    await api.gql(SET, { input: { userId: user.id, role: "OPERATOR", version: await versionOf(user.id) } });
    expect((await session(ME)).data?.me?.role).toBe("OPERATOR");
    // The token keeps the role it was made with.
    expect((await token(ME)).data?.me?.role).toBe("VIEWER");
  });

  it("the last ADMIN cannot give up the ADMIN role; with another ADMIN they can", async () => {
    const admin = await api.tokenFor(Role.ADMIN);
    const stepDown = async () =>
      api.gql(SET, { input: { userId: admin.userId, role: "OPERATOR", version: await versionOf(admin.userId) } });
    const refused = await stepDown();
    expect(refused.data?.setConsoleAccess).toEqual({
      user: null,
      errors: [{ field: "role", code: "FORBIDDEN", message: expect.any(String) }],
    });
    expect((await reload(admin.userId)).consoleRole).toBe(Role.ADMIN);
    expect(await auditRows(db)).toEqual([]);

    // A departed ADMIN does not count.
    await consoleUser(db, "gone-admin@agency.gov.example", Role.ADMIN, PASSWORD);
    await db.em().execute("update holder set status = 'DEPARTED', departed_at = now() where email like 'gone-admin%'");
    expect((await stepDown()).data?.setConsoleAccess?.errors?.[0]?.code).toBe("FORBIDDEN");

    await consoleUser(db, "second-admin@agency.gov.example", Role.ADMIN, PASSWORD);
    expect((await stepDown()).data?.setConsoleAccess?.errors).toEqual([]);
    expect((await reload(admin.userId)).consoleRole).toBe(Role.OPERATOR);
  });

  it("two ADMINs demoting each other at the same moment leave one ADMIN", async () => {
    const first = await api.tokenFor(Role.ADMIN);
    const other = await consoleUser(db, "other-admin@agency.gov.example", Role.ADMIN, PASSWORD);
    const otherSession = withSession(
      api,
      (await signIn(api, "other-admin@agency.gov.example", PASSWORD)).token as string,
    );
    const versions = { other: await versionOf(other.id), first: await versionOf(first.userId) };
    const [a, b] = await Promise.all([
      api.gql(SET, { input: { userId: other.id, role: "VIEWER", version: versions.other } }),
      otherSession(SET, { input: { userId: first.userId, role: "VIEWER", version: versions.first } }),
    ]);
    // The loser is refused; or, when the winner finished first, its credentials have already ended.
    const outcomes = [a, b].map((r) =>
      r.data ? (r.data.setConsoleAccess.errors[0]?.code ?? "OK") : r.errors?.[0]?.extensions?.code,
    );
    expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "OK")).toEqual([expect.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/)]);
    expect(await db.em().count(User, { consoleRole: Role.ADMIN, status: UserStatus.ACTIVE })).toBe(1);
  });

  it("refuses a departed user, a stale version and callers below ADMIN", async () => {
    const f = factories(db.em());
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const user = await f.user();
    const departed = await api.gql(SET, { input: { userId: gone.id, role: "VIEWER", version: 1 } });
    expect(departed.data?.setConsoleAccess?.errors).toEqual([
      expect.objectContaining({ field: "userId", code: "USER_DEPARTED" }),
    ]);
    const stale = await api.gql(SET, { input: { userId: user.id, role: "VIEWER", version: 7 } });
    expect(stale.data?.setConsoleAccess?.errors).toEqual([
      expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" }),
    ]);
    const operator = await api.as(Role.OPERATOR)(SET, { input: { userId: user.id, role: "ADMIN", version: 1 } });
    expect(operator.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await reload(user.id)).consoleRole).toBeNull();
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("credentials follow the account", () => {
  it("a user who departs loses their sessions and tokens at once", async () => {
    const { user, session, token } = await signedInWithToken(Role.ADMIN);
    expect((await session(ME)).data?.me?.role).toBe("ADMIN");
    expect((await token(ME)).data?.me?.role).toBe("ADMIN");
    // Departure happens through offboarding, which tells every instance's caches at once.
    const offboarded = await api.gql(OFFBOARD, { i: { userId: user.id, reason: "left" } });
    expect(offboarded.data?.offboardUser?.errors).toEqual([]);
    expect((await session(ME)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const viaToken = await token(ME);
    expect(viaToken.status).toBe(401);
    expect(viaToken.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await signIn(api, EMAIL, PASSWORD)).payload.errors[0].code).toBe("INVALID_CREDENTIALS");
  });

  it("a token's role is capped by its owner's current role", async () => {
    const { user, token } = await signedInWithToken(Role.ADMIN);
    // Changed behind the API's back (which would also revoke the token): the cap still holds.
    await db.em().execute("update holder set console_role = 'VIEWER' where id = ?", [user.id]);
    expect((await token(ME)).data?.me).toMatchObject({ role: "VIEWER", credentialKind: "TOKEN" });
    const write = await token(CREATE_SERVICE, { input: { slug: "nope", name: "Nope" } });
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await db.em().execute("select id from service")).toEqual([]);
  });
});
