import { afterEach, describe, expect, it, vi } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { mintChecksummed } from "../../shared/secrets.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { reasonOf, verifyBoth, verifyOverGraphql, verifyOverHttp } from "../../test-support/keys.js";
import { mintSecret } from "../api-key/api-key.secret.js";
import { Environment } from "../api-key/environment.js";
import { ACCESS_TOKEN_PREFIX } from "../auth/auth-settings.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));
afterEach(() => vi.useRealTimers());

/** A group email that is a Billing collaborator on service `fines`, and a key it holds. */
async function billingKey(overrides: Parameters<ReturnType<typeof factories>["key"]>[1] = {}) {
  const f = factories(db.em());
  const group = await f.group({ email: "fines-team@agency.gov.example" });
  const service = await f.service({ slug: "fines" });
  await f.collaborator(service, group, CollaboratorRole.BILLING);
  return { group, service, key: await f.key(group, overrides) };
}

/** The whole answer about a production key of fines-team@, as a verification that found it gives it. */
const answerAbout = (
  { group, key }: { group: { id: string }; key: { id: string } },
  valid: boolean,
  reason: string,
) => ({
  valid,
  reason,
  keyId: key.id,
  environment: "PRODUCTION",
  holder: { id: group.id, email: "fines-team@agency.gov.example", kind: "GROUP" },
});

/** One verification first, so the caller's access token is cached and costs no SQL after. */
const warmToken = async () =>
  expect((await verifyOverHttp(api, { secret: "warm-up", service: "fines" })).status).toBe(200);

/** Changes one character of the random part, keeping the shape. */
const oneCharChanged = (secret: string, at = 20) =>
  secret.slice(0, at) + (secret[at] === "A" ? "B" : "A") + secret.slice(at + 1);

describe("verification answers", () => {
  it("a key whose holder is a Billing collaborator is VALID, with its id, holder and environment", async () => {
    const { group, key } = await billingKey();
    await warmToken();
    const first = await verifyOverHttp(api, { secret: key.secret, service: "fines", environment: "PRODUCTION" });
    expect({ auth: first.auth, sql: first.sql }).toEqual({ auth: 0, sql: 1 });
    const expected = answerAbout({ group, key }, true, "VALID");
    expect(first.body).toEqual(expected);
    expect(await verifyBoth(api, { secret: key.secret, service: "fines" })).toEqual({
      http: expected,
      graphql: expected,
    });
  });

  it("garbage and a real secret with one character changed are MALFORMED, answered without SQL", async () => {
    const { key } = await billingKey();
    await warmToken();
    const malformed = { valid: false, reason: "MALFORMED", keyId: null, environment: null, holder: null };
    for (const secret of [
      "garbage",
      "kh_live_",
      oneCharChanged(key.secret),
      oneCharChanged(key.secret, 8),
      oneCharChanged(key.secret, key.secret.length - 1),
      key.secret.toLowerCase(),
      `${key.secret} `,
      key.secret.replace("kh_live_", "kh_test_"),
      mintChecksummed(ACCESS_TOKEN_PREFIX).secret,
    ]) {
      const http = await verifyOverHttp(api, { secret, service: "fines" });
      const graphql = await verifyOverGraphql(api, { secret, service: "fines" });
      const malformedWithoutCost = { answer: malformed, auth: 0, sql: 0 };
      expect({
        secret,
        http: { answer: http.body, auth: http.auth, sql: http.sql },
        graphql: { answer: graphql.verdict, auth: graphql.auth, sql: graphql.sql },
      }).toEqual({ secret, http: malformedWithoutCost, graphql: malformedWithoutCost });
    }
  });

  it("a well-formed secret with a valid checksum that was never issued is NOT_FOUND; asking again costs no SQL", async () => {
    await billingKey();
    await warmToken();
    const never = mintSecret(Environment.PRODUCTION).secret;
    const notFound = { valid: false, reason: "NOT_FOUND", keyId: null, environment: null, holder: null };
    const first = await verifyOverHttp(api, { secret: never, service: "fines" });
    expect(first).toMatchObject({ body: notFound, auth: 0, sql: 1 });
    expect(await verifyOverHttp(api, { secret: never, service: "fines" })).toMatchObject({
      body: notFound,
      auth: 0,
      sql: 0,
    });
    expect(await verifyOverGraphql(api, { secret: never, service: "fines" })).toMatchObject({
      verdict: notFound,
      auth: 0,
      sql: 0,
    });
  });

  it("a revoked key is REVOKED and names the key", async () => {
    const { key } = await billingKey({ revokedAt: new Date(), revokedReason: "leaked" });
    const { http, graphql } = await verifyBoth(api, { secret: key.secret, service: "fines" });
    expect(http).toMatchObject({ valid: false, reason: "REVOKED", keyId: key.id, environment: "PRODUCTION" });
    expect(graphql).toEqual(http);
  });

  it("a key past its expiry is EXPIRED", async () => {
    const { key } = await billingKey({ expiresAt: new Date(Date.now() - 60_000) });
    const { http, graphql } = await verifyBoth(api, { secret: key.secret, service: "fines" });
    expect(http).toMatchObject({ valid: false, reason: "EXPIRED", keyId: key.id });
    expect(graphql).toEqual(http);
  });

  it("a key expiring exactly now is EXPIRED; one expiring a second later is VALID until that second", async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    const { group } = await billingKey();
    const f = factories(db.em());
    const atNow = await f.key(group, { expiresAt: new Date(now) });
    const inASecond = await f.key(group, { expiresAt: new Date(now.getTime() + 1000) });
    expect(await reasonOf(api, { secret: atNow.secret, service: "fines" })).toBe("EXPIRED");
    expect(await reasonOf(api, { secret: inASecond.secret, service: "fines" })).toBe("VALID");
    vi.setSystemTime(now.getTime() + 999);
    expect(await reasonOf(api, { secret: inASecond.secret, service: "fines" })).toBe("VALID");
    vi.setSystemTime(now.getTime() + 1000);
    expect(await reasonOf(api, { secret: inASecond.secret, service: "fines" })).toBe("EXPIRED");
  });

  it("a key for another environment than the one given is WRONG_ENVIRONMENT", async () => {
    const { key } = await billingKey({ environment: Environment.STAGING });
    const { http, graphql } = await verifyBoth(api, {
      secret: key.secret,
      service: "fines",
      environment: "PRODUCTION",
    });
    expect(http).toMatchObject({ valid: false, reason: "WRONG_ENVIRONMENT", keyId: key.id, environment: "STAGING" });
    expect(graphql).toEqual(http);
    expect(await reasonOf(api, { secret: key.secret, service: "fines", environment: "STAGING" })).toBe("VALID");
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");
  });

  it("a holder that is only ADMIN and VIEWER on the service is HOLDER_NOT_BILLING_COLLABORATOR", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, amy, CollaboratorRole.ADMIN);
    await f.collaborator(service, amy, CollaboratorRole.VIEWER);
    await f.collaborator(await f.service({ slug: "parking" }), amy, CollaboratorRole.BILLING);
    const key = await f.key(amy);
    const { http, graphql } = await verifyBoth(api, { secret: key.secret, service: "fines" });
    expect(http).toEqual({
      valid: false,
      reason: "HOLDER_NOT_BILLING_COLLABORATOR",
      keyId: key.id,
      environment: "PRODUCTION",
      holder: { id: amy.id, email: "amy@agency.gov.example", kind: "USER" },
    });
    expect(graphql).toEqual(http);
    expect(await reasonOf(api, { secret: key.secret, service: "parking" })).toBe("VALID");
  });

  it("an unknown service is SERVICE_NOT_FOUND and names the key, in the one statement of a miss, then without SQL", async () => {
    const { group, key } = await billingKey();
    await warmToken();
    const expected = answerAbout({ group, key }, false, "SERVICE_NOT_FOUND");
    const first = await verifyOverHttp(api, { secret: key.secret, service: "no-such-service" });
    expect(first).toMatchObject({ body: expected, auth: 0, sql: 1 });
    expect(await verifyOverHttp(api, { secret: key.secret, service: "no-such-service" })).toMatchObject({
      body: expected,
      sql: 0,
    });
    expect(await verifyOverGraphql(api, { secret: key.secret, service: "no-such-service" })).toMatchObject({
      verdict: expected,
      sql: 0,
    });
    // A key already cached as VALID elsewhere answers any other slug without SQL too.
    expect(await verifyOverHttp(api, { secret: key.secret, service: "fines" })).toMatchObject({
      body: { reason: "VALID" },
      sql: 0,
    });
    expect(await verifyOverHttp(api, { secret: key.secret, service: "other-unknown" })).toMatchObject({
      body: { reason: "SERVICE_NOT_FOUND" },
      sql: 0,
    });
  });

  it("an archived service is SERVICE_ARCHIVED, even for a holder still Billing there", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(
      await f.service({ slug: "old-fines", archivedAt: new Date() }),
      group,
      CollaboratorRole.BILLING,
    );
    await f.service({ slug: "old-parking", archivedAt: new Date() });
    const key = await f.key(group);
    const { http, graphql } = await verifyBoth(api, { secret: key.secret, service: "old-fines" });
    expect(http).toMatchObject({ valid: false, reason: "SERVICE_ARCHIVED", keyId: key.id });
    expect(graphql).toEqual(http);
    expect(await reasonOf(api, { secret: key.secret, service: "old-parking" })).toBe("SERVICE_ARCHIVED");
  });

  it("the key's own reasons come before the service's: a revoked key on an unknown service is REVOKED", async () => {
    const { key } = await billingKey({ revokedAt: new Date(), revokedReason: "leaked" });
    expect(await reasonOf(api, { secret: key.secret, service: "no-such-service" })).toBe("REVOKED");
    expect(await reasonOf(api, { secret: mintSecret(Environment.PRODUCTION).secret, service: "nope" })).toBe(
      "NOT_FOUND",
    );
  });

  it("a group's key does not work where only a member of the group is Billing", async () => {
    const f = factories(db.em());
    const member = await f.user();
    const group = await f.group({}, [member]);
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, member, CollaboratorRole.BILLING);
    const groupKey = await f.key(group);
    const memberKey = await f.key(member);
    expect(await reasonOf(api, { secret: groupKey.secret, service: "fines" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
    expect(await reasonOf(api, { secret: memberKey.secret, service: "fines" })).toBe("VALID");
  });
});
