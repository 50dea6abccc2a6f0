import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import {
  REVOKE_KEY,
  ROTATE_KEY,
  reasonOf,
  UPDATE_KEY,
  verifyOverGraphql,
  verifyOverHttp,
  waitUntil,
} from "../../test-support/keys.js";
import { Environment } from "../api-key/environment.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

/** A person who is a Billing collaborator on `fines`, a key they hold, and that key's secret already cached. */
async function cachedValidKey(overrides: { expiresAt?: Date; environment?: Environment } = {}) {
  const f = factories(db.em());
  const holder = await f.user({ email: "amy@agency.gov.example" });
  const service = await f.service({ slug: "fines" });
  const billing = await f.collaborator(service, holder, CollaboratorRole.BILLING);
  const key = await f.key(holder, overrides);
  expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe(overrides.expiresAt ? "EXPIRED" : "VALID");
  return { holder, service, billing, key };
}

const verify = (secret: string) => reasonOf(api, { secret, service: "fines" });
/** One route only, for polling: the two routes may straddle the moment a notification lands. */
const httpReason = async (secret: string) => (await verifyOverHttp(api, { secret, service: "fines" })).body.reason;

describe("the verification cache", () => {
  it("answers a second verification of the same secret without SQL, on both routes", async () => {
    const { key } = await cachedValidKey();
    const http = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    expect(http).toMatchObject({ body: { reason: "VALID" }, auth: 0, sql: 0 });
    const graphql = await verifyOverGraphql(api, { secret: key.secret, service: "fines" });
    expect(graphql).toMatchObject({ verdict: { reason: "VALID" }, auth: 0, sql: 0 });
  });

  it("sees a key change made behind its back only when told: the cache is what answers", async () => {
    const { key } = await cachedValidKey();
    await db.em().execute("update api_key set revoked_at = now(), revoked_reason = 'sql' where id = ?", [key.id]);
    expect(await verify(key.secret)).toBe("VALID");
    await db.em().execute("select pg_notify('keyholder_invalidate', ?)", [`key:${key.id}`]);
    await waitUntil(async () => (await httpReason(key.secret)) === "REVOKED");
    expect(await verify(key.secret)).toBe("REVOKED");
  });

  it("trusts nothing cached once its listener has not been heard back for longer than the bound", async () => {
    // Heartbeats so rare that none follows the first one at start: only the bound decides.
    const unheard = await createTestApi(db, { invalidation: { heartbeatMs: 600_000, maxStaleMs: 300 } });
    try {
      const { key } = await cachedValidKey();
      const reason = async () => (await verifyOverHttp(unheard, { secret: key.secret, service: "fines" })).body.reason;
      expect(await reason()).toBe("VALID");
      // Revoked behind every cache's back: no notification will ever say so.
      await db.em().execute("update api_key set revoked_at = now(), revoked_reason = 'sql' where id = ?", [key.id]);
      await waitUntil(async () => (await reason()) === "REVOKED");
      // Neither the key nor the caller's token comes from a cache now: each verification asks the database.
      const again = await verifyOverHttp(unheard, { secret: key.secret, service: "fines" });
      expect(again).toMatchObject({ body: { reason: "REVOKED" }, sql: 1 });
      expect(again.auth).toBeGreaterThan(0);
    } finally {
      await unheard.close();
    }
  });

  it("after revokeApiKey the very next verification is REVOKED", async () => {
    const { key } = await cachedValidKey();
    const res = await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "leaked" } });
    expect(res.data?.revokeApiKey?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("REVOKED");
  });

  it("after the holder's BILLING collaboration is removed, HOLDER_NOT_BILLING_COLLABORATOR; after it is added back, VALID", async () => {
    const { holder, service, billing, key } = await cachedValidKey();
    const removed = await api.gql(
      graphql(`mutation($id: ID!) { removeCollaborator(input: {id: $id}) { errors { code } } }`),
      {
        id: billing.id,
      },
    );
    expect(removed.data?.removeCollaborator?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
    const added = await api.gql(
      graphql(`mutation($input: AddCollaboratorInput!) { addCollaborator(input: $input) { errors { code } } }`),
      { input: { serviceId: service.id, holderId: holder.id, role: "BILLING" } },
    );
    expect(added.data?.addCollaborator?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("VALID");
  });

  it("after the service is archived the key is no longer valid there", async () => {
    const { service, key } = await cachedValidKey();
    const res = await api.gql(
      graphql(`mutation($id: ID!) { archiveService(input: {id: $id, version: 1}) { errors { code } } }`),
      {
        id: service.id,
      },
    );
    expect(res.data?.archiveService?.errors).toEqual([]);
    const answer = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    expect(answer.body).toMatchObject({ valid: false, reason: "SERVICE_ARCHIVED", keyId: key.id });
    const restored = await api.gql(
      graphql(`mutation($id: ID!) { restoreService(input: {id: $id, version: 2}) { errors { code } } }`),
      { id: service.id },
    );
    expect(restored.data?.restoreService?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("VALID");
  });

  it("after a service is created, a secret refused as SERVICE_NOT_FOUND there is refused for its holder instead", async () => {
    const { key } = await cachedValidKey();
    expect(await reasonOf(api, { secret: key.secret, service: "permits" })).toBe("SERVICE_NOT_FOUND");
    const res = await api.gql(
      graphql(`mutation($input: CreateServiceInput!) { createService(input: $input) { errors { code } } }`),
      { input: { slug: "permits", name: "Permits" } },
    );
    expect(res.data?.createService?.errors).toEqual([]);
    expect(await reasonOf(api, { secret: key.secret, service: "permits" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
  });

  it("creating a service drops only the service directory: cached keys and tokens still answer without SQL", async () => {
    const { key } = await cachedValidKey();
    const res = await api.gql(
      graphql(`mutation($input: CreateServiceInput!) { createService(input: $input) { errors { code } } }`),
      { input: { slug: "permits", name: "Permits" } },
    );
    expect(res.data?.createService?.errors).toEqual([]);
    expect(await verifyOverHttp(api, { secret: key.secret, service: "fines" })).toMatchObject({
      body: { reason: "VALID" },
      auth: 0,
      sql: 0,
    });
    // The new slug needs the directory again: one statement, then none.
    expect(await verifyOverHttp(api, { secret: key.secret, service: "permits" })).toMatchObject({
      body: { reason: "HOLDER_NOT_BILLING_COLLABORATOR" },
      sql: 1,
    });
    expect(await verifyOverHttp(api, { secret: key.secret, service: "permits" })).toMatchObject({ sql: 0 });
  });

  it("after a service's slug changes, the old slug is SERVICE_NOT_FOUND and the new one VALID", async () => {
    const { service, key } = await cachedValidKey();
    const res = await api.gql(
      graphql(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { errors { code } } }`),
      { input: { id: service.id, version: 1, slug: "penalties" } },
    );
    expect(res.data?.updateService?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("SERVICE_NOT_FOUND");
    expect(await reasonOf(api, { secret: key.secret, service: "penalties" })).toBe("VALID");
  });

  it("after extending an expired key's expiry it is VALID at once", async () => {
    const { key } = await cachedValidKey({ expiresAt: new Date(Date.now() - 60_000) });
    const res = await api.gql(UPDATE_KEY, { input: { id: key.id, version: 1, lifespan: "DAYS_30" } });
    expect(res.data?.updateApiKey?.errors).toEqual([]);
    expect(await verify(key.secret)).toBe("VALID");
  });

  it("after the holder's email changes, the next answer names the new email", async () => {
    const { holder, key } = await cachedValidKey();
    const res = await api.gql(
      graphql(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { errors { code } } }`),
      {
        input: { id: holder.id, version: holder.version, email: "amy.tan@agency.gov.example" },
      },
    );
    expect(res.data?.updateUser?.errors).toEqual([]);
    const answer = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    expect(answer.body).toMatchObject({ reason: "VALID", holder: { email: "amy.tan@agency.gov.example" } });
  });
});

describe("rotation and the cache", () => {
  const rotate = async (id: string, overlapHours: number) => {
    const res = await api.gql(ROTATE_KEY, { input: { id, overlapHours } });
    expect(res.data?.rotateApiKey?.errors).toEqual([]);
    return res.data?.rotateApiKey?.secret as string;
  };

  it("with an overlap of 1 hour the old and the new secret are both VALID", async () => {
    const { key } = await cachedValidKey();
    const fresh = await rotate(key.id, 1);
    const old = await verifyOverHttp(api, { secret: key.secret, service: "fines" });
    expect(old.body).toMatchObject({ valid: true, reason: "VALID", keyId: key.id });
    expect(await verify(fresh)).toBe("VALID");
  });

  it("with an overlap of 0 the old secret is EXPIRED at once and the new one VALID", async () => {
    const { key } = await cachedValidKey();
    const fresh = await rotate(key.id, 0);
    expect(await verify(key.secret)).toBe("EXPIRED");
    expect(await verify(fresh)).toBe("VALID");
  });

  it("the old secret is refused once its overlap is over, and the new one still works", async () => {
    const { key } = await cachedValidKey();
    const fresh = await rotate(key.id, 1);
    expect(await verify(key.secret)).toBe("VALID");
    expect(await verify(fresh)).toBe("VALID");
    await db
      .em()
      .execute("update api_key set previous_secret_expires_at = now() - interval '1 second' where id = ?", [key.id]);
    await db.em().execute("select pg_notify('keyholder_invalidate', ?)", [`key:${key.id}`]);
    await waitUntil(async () => (await httpReason(key.secret)) === "EXPIRED");
    expect(await verify(key.secret)).toBe("EXPIRED");
    expect(await verify(fresh)).toBe("VALID");
  });

  it("a second rotation retires the first secret and keeps the second for its overlap", async () => {
    const { key } = await cachedValidKey();
    const second = await rotate(key.id, 1);
    const third = await rotate(key.id, 1);
    expect(await verify(key.secret)).toBe("NOT_FOUND");
    expect(await verify(second)).toBe("VALID");
    expect(await verify(third)).toBe("VALID");
  });

  it("revoking a rotated key refuses its old secret too", async () => {
    const { key } = await cachedValidKey();
    const fresh = await rotate(key.id, 24);
    expect(await verify(key.secret)).toBe("VALID");
    await api.gql(REVOKE_KEY, { input: { id: key.id, reason: "done" } });
    expect(await verify(key.secret)).toBe("REVOKED");
    expect(await verify(fresh)).toBe("REVOKED");
  });
});
