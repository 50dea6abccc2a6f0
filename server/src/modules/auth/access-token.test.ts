import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { mintChecksummed, sha256Hex } from "../../shared/secrets.js";
import { auditRows, auditRowsContaining } from "../../test-support/audit.js";
import { startTestSession } from "../../test-support/auth.js";
import { ME, withSession } from "../../test-support/console.js";
import type { TestDatabase } from "../../test-support/database.js";
import {
  createTestApi,
  graphql,
  type InputOf,
  type TestApi,
  UserErrorFields,
  useTestApi,
} from "../../test-support/graphql.js";
import { afterWaitingOnCommit } from "../../test-support/locks.js";
import { mintSecret } from "../api-key/api-key.secret.js";
import { Environment } from "../api-key/environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DAY = 86_400_000;
const TokenFields = graphql(`
  fragment TokenFields on AccessToken @_unmask {
    id name role prefix status createdAt expiresAt lastUsedAt revokedAt owner { email }
  }
`);
const CREATE = graphql(
  `mutation CreateToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) { secret accessToken { ...TokenFields } errors { ...UserErrorFields } }
  }`,
  [TokenFields, UserErrorFields],
);
const REVOKE = graphql(
  `mutation($id: ID!) { revokeAccessToken(input: { id: $id }) { accessToken { id status revokedAt } errors { field code message } } }`,
);
const LIST = graphql(
  `query Tokens($all: Boolean, $userId: ID) { accessTokens(all: $all, userId: $userId) { nodes { ...TokenFields } } }`,
  [TokenFields],
);

const bearer = (authorization: string) => api.anonymous(ME, {}, { authorization });
/** Creates a token as the test user with `role`, signed in to the console (tokens cannot mint tokens). */
const create = async (role: Role, input: Partial<InputOf<typeof CREATE>> = {}) => {
  const session = withSession(api, await startTestSession(db.em(), role));
  return (await session(CREATE, { input: { name: "HR leavers feed", role, expiresInDays: 30, ...input } })).data!
    .createAccessToken;
};
/** `create` where the token must be issued: its secret and record, never null. */
const issue = async (role: Role, input: Partial<InputOf<typeof CREATE>> = {}) => {
  const { secret, accessToken, errors } = await create(role, input);
  if (!secret || !accessToken) throw new Error(`no token issued: ${JSON.stringify(errors)}`);
  return { secret, accessToken, errors };
};

describe("createAccessToken", () => {
  it.each([Role.VIEWER, Role.OPERATOR, Role.ADMIN])(
    "is refused to an access token (%s): SESSION_REQUIRED, nothing created, nothing audited",
    async (role) => {
      await api.tokenFor(role);
      const before = await db.em().execute("select count(*)::int as n from access_token");
      const res = await api.as(role)(CREATE, { input: { name: "minted by a token", role, expiresInDays: 365 } });
      expect(res.errors).toBeUndefined();
      expect(res.data?.createAccessToken).toEqual({
        secret: null,
        accessToken: null,
        errors: [{ field: null, code: "SESSION_REQUIRED", message: expect.stringContaining("signed in") }],
      });
      expect(await db.em().execute("select count(*)::int as n from access_token")).toEqual(before);
      expect((await auditRows(db)).filter((r) => r.action === "access_token.created")).toEqual([]);
    },
  );

  it("is refused to a token even for a lower role and a shorter life than its own", async () => {
    const res = await api.as(Role.ADMIN)(CREATE, { input: { name: "narrower", role: "VIEWER", expiresInDays: 1 } });
    expect(res.data?.createAccessToken.errors.map((e) => e.code)).toEqual(["SESSION_REQUIRED"]);
  });

  it("returns a checksummed khp_ secret once, which then authenticates with the token's role", async () => {
    const before = Date.now();
    const created = await issue(Role.OPERATOR, { role: "VIEWER" });
    expect(created.errors).toEqual([]);
    expect(created.secret).toMatch(/^khp_[0-9A-Za-z]{36}$/);
    expect(created.accessToken).toMatchObject({
      name: "HR leavers feed",
      role: "VIEWER",
      status: "ACTIVE",
      prefix: created.secret.slice(0, 10),
      lastUsedAt: null,
      revokedAt: null,
      owner: { email: "test-operator@keyholder.test" },
    });
    const expires = new Date(created.accessToken.expiresAt).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(expires).toBeLessThan(Date.now() + 30 * DAY + 1000);

    const me = await bearer(`Bearer ${created.secret}`);
    expect(me.data?.me).toMatchObject({
      role: "VIEWER",
      credentialKind: "TOKEN",
      user: { email: "test-operator@keyholder.test" },
    });

    const [row] = await db.em().execute("select digest from access_token where id = ?", [created.accessToken.id]);
    expect(row).toEqual({ digest: sha256Hex(created.secret) });
  });

  it("lists tokens with prefix, status, expiry and last use, never the secret", async () => {
    const created = await issue(Role.OPERATOR);
    // Last use is written in batches; another server instance flushes it when it stops.
    const other = await createTestApi(db);
    expect((await other.anonymous(ME, {}, { authorization: `Bearer ${created.secret}` })).status).toBe(200);
    await other.close();
    const list = await api.as(Role.OPERATOR)(LIST);
    const listed = list.data?.accessTokens?.nodes.find((t) => t.id === created.accessToken.id);
    expect(listed).toMatchObject({
      prefix: created.accessToken.prefix,
      status: "ACTIVE",
      expiresAt: created.accessToken.expiresAt,
    });
    expect(Date.now() - new Date(listed!.lastUsedAt!).getTime()).toBeLessThan(60_000);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(JSON.stringify(list)).not.toContain(created.secret.slice(10));
  });

  it("records the creation in the audit trail, but the secret in neither the audit trail nor the log", async () => {
    const created = await issue(Role.ADMIN, { name: "nightly sync" });
    await bearer(`Bearer ${created.secret}`);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "access_token.created",
        subjectType: "AccessToken",
        subjectId: created.accessToken.id,
        after: expect.objectContaining({ name: "nightly sync", role: "ADMIN", prefix: created.accessToken.prefix }),
      }),
    ]);
    expect(await auditRowsContaining(db, created.accessToken.prefix)).toBe(1);
    expect(await auditRowsContaining(db, created.secret)).toBe(0);
    expect(api.logLines.length).toBeGreaterThan(0);
    expect(api.logLines.join("\n")).not.toContain(created.secret);
  });

  it("refuses a role above the creator's (ROLE_TOO_HIGH) and out-of-range input, creating nothing", async () => {
    for (const role of [Role.VIEWER, Role.OPERATOR, Role.ADMIN]) await api.tokenFor(role);
    const tokensBefore = (await db.em().execute("select id from access_token")).length;
    expect(await create(Role.OPERATOR, { role: "ADMIN" })).toEqual({
      secret: null,
      accessToken: null,
      errors: [{ field: "role", code: "ROLE_TOO_HIGH", message: expect.any(String) }],
    });
    expect((await create(Role.VIEWER, { role: "OPERATOR" })).errors[0]?.code).toBe("ROLE_TOO_HIGH");
    const codesOf = async (input: Partial<InputOf<typeof CREATE>>) =>
      (await create(Role.ADMIN, input)).errors.map((e) => `${e.field}:${e.code}`);
    expect(await codesOf({ expiresInDays: 0 })).toEqual(["expiresInDays:OUT_OF_RANGE"]);
    expect(await codesOf({ expiresInDays: 366 })).toEqual(["expiresInDays:OUT_OF_RANGE"]);
    expect(await codesOf({ name: "  " })).toEqual(["name:REQUIRED"]);
    expect(await codesOf({ name: "n".repeat(101) })).toEqual(["name:TOO_LONG"]);
    expect((await db.em().execute("select id from access_token")).length).toBe(tokensBefore);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("bearer authentication", () => {
  it("answers expired, revoked, unknown and malformed tokens with 401 UNAUTHENTICATED", async () => {
    const expiring = await issue(Role.OPERATOR);
    await db
      .em()
      .execute("update access_token set expires_at = now() - interval '1 second' where id = ?", [
        expiring.accessToken.id,
      ]);
    const revoked = await issue(Role.OPERATOR);
    await api.as(Role.OPERATOR)(REVOKE, { id: revoked.accessToken.id });
    const valid = (await issue(Role.OPERATOR)).secret;
    const badChecksum = `${valid.slice(0, -1)}${valid.endsWith("A") ? "B" : "A"}`;

    for (const authorization of [
      `Bearer ${expiring.secret}`,
      `Bearer ${revoked.secret}`,
      `Bearer ${mintChecksummed("khp_").secret}`,
      `Bearer ${mintSecret(Environment.PRODUCTION).secret}`,
      `Bearer ${badChecksum}`,
      `Bearer ${valid.replace("khp_", "khx_")}`,
      `Basic ${valid}`,
      `${valid}`,
      "Bearer",
      "Bearer ",
      `Bearer ${valid} junk`,
      `Bearer  ${valid}`,
      `Bearer ${valid},Basic x`,
      `Bearer\t${valid}`,
    ]) {
      const res = await bearer(authorization);
      expect({ authorization, status: res.status, code: res.errors?.[0]?.extensions?.code }).toEqual({
        authorization,
        status: 401,
        code: "UNAUTHENTICATED",
      });
      expect(res.headers["www-authenticate"]).toBe("Bearer");
    }
    expect((await bearer(`bearer ${valid}`)).data?.me?.role).toBe("OPERATOR");
  });
});

describe("revokeAccessToken", () => {
  it("the owner revokes a token: it stops working; revoking again changes nothing and records once", async () => {
    const created = await issue(Role.OPERATOR);
    expect((await bearer(`Bearer ${created.secret}`)).status).toBe(200);
    const first = await api.as(Role.OPERATOR)(REVOKE, { id: created.accessToken.id });
    expect(first.data?.revokeAccessToken).toEqual({
      errors: [],
      accessToken: { id: created.accessToken.id, status: "REVOKED", revokedAt: expect.any(String) },
    });
    expect((await bearer(`Bearer ${created.secret}`)).status).toBe(401);
    const again = await api.as(Role.OPERATOR)(REVOKE, { id: created.accessToken.id });
    expect(again.data?.revokeAccessToken?.accessToken?.revokedAt).toBe(
      first.data?.revokeAccessToken?.accessToken?.revokedAt,
    );
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({ action: "access_token.created" }),
      expect.objectContaining({
        action: "access_token.revoked",
        subjectId: created.accessToken.id,
        before: expect.objectContaining({ revokedAt: null }),
        after: expect.objectContaining({ revokedAt: expect.any(String) }),
      }),
    ]);
  });

  it("another non-ADMIN gets TOKEN_NOT_FOUND and the token keeps working; an ADMIN may revoke it", async () => {
    const created = await issue(Role.OPERATOR);
    for (const id of [created.accessToken.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await api.as(Role.VIEWER)(REVOKE, { id });
      expect(res.data?.revokeAccessToken).toEqual({
        accessToken: null,
        errors: [{ field: "id", code: "TOKEN_NOT_FOUND", message: expect.any(String) }],
      });
    }
    expect((await api.as(Role.VIEWER)(REVOKE, { id: "abc" })).data?.revokeAccessToken?.errors?.[0]?.code).toBe(
      "INVALID_ID",
    );
    expect((await bearer(`Bearer ${created.secret}`)).status).toBe(200);

    const byAdmin = await api.gql(REVOKE, { id: created.accessToken.id });
    expect(byAdmin.data?.revokeAccessToken?.accessToken?.status).toBe("REVOKED");
    expect((await bearer(`Bearer ${created.secret}`)).status).toBe(401);
  });

  it("changes and records nothing when the token was revoked meanwhile (an offboarding of its owner)", async () => {
    const created = await issue(Role.OPERATOR);
    const id = created.accessToken.id;
    // An offboarding revokes all of the owner's tokens and has not committed yet.
    const res = await afterWaitingOnCommit(
      db,
      (other) =>
        other.query(
          "update access_token set revoked_at = '2026-12-01T00:00:00Z' where id = $1 and revoked_at is null",
          [id],
        ),
      () => api.gql(REVOKE, { id }),
    );
    expect(res.data?.revokeAccessToken?.accessToken).toMatchObject({
      status: "REVOKED",
      revokedAt: "2026-12-01T00:00:00.000Z",
    });
    expect((await auditRows(db)).filter((r) => r.action === "access_token.revoked")).toEqual([]);
  });
});

describe("accessTokens", () => {
  it("lists your own tokens; another user's and everyone's only for an ADMIN", async () => {
    const operator = await api.tokenFor(Role.OPERATOR);
    const viewer = await api.tokenFor(Role.VIEWER);
    await create(Role.OPERATOR, { name: "operator's" });
    await create(Role.VIEWER, { name: "viewer's" });
    const namesOf = (res: { data?: { accessTokens: { nodes: { name: string }[] } } }) =>
      res.data?.accessTokens?.nodes.map((t) => t.name).sort();

    expect(namesOf(await api.as(Role.VIEWER)(LIST))).toEqual(["test", "viewer's"]);
    for (const variables of [{ all: true }, { userId: viewer.userId }]) {
      const refused = await api.as(Role.OPERATOR)(LIST, variables);
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(refused.data).toBeNull();
    }
    expect(namesOf(await api.gql(LIST, { userId: operator.userId }))).toEqual(["operator's", "test"]);
    expect(namesOf(await api.gql(LIST, { all: true }))).toEqual(["operator's", "test", "test", "test", "viewer's"]);
  });
});
