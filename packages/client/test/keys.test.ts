import { describe, expect, inject, it } from "vitest";
import { isKeyholderError, KeyholderClient, KeyholderError } from "../src/index.js";

const { url, adminToken } = inject("keyholder");
const client = new KeyholderClient({ url, token: adminToken });

/** A group email of the demo organisation that is a Billing collaborator on `parking-fines`. */
const FINANCE = "finance-team@transport.gov.example";

async function holderId(email: string): Promise<string> {
  const holder = await client.holder(email);
  if (!holder) throw new Error(`no holder ${email}`);
  return holder.id;
}

describe("listing a holder's keys", () => {
  it("pages through a holder's keys with where each works, and eachHolderKey yields every one once", async () => {
    const first = await client.holderKeys(FINANCE.toUpperCase(), { first: 2 });
    expect(first?.__typename).toBe("GroupEmail");
    expect(first?.email).toBe(FINANCE);
    expect(first?.keys.nodes).toHaveLength(2);
    expect(first?.keys.totalCount).toBeGreaterThan(2);
    expect(first?.keys.pageInfo.hasNextPage).toBe(true);
    const second = await client.holderKeys(FINANCE, { first: 2, after: first?.keys.pageInfo.endCursor });
    expect(second?.keys.nodes.map((k) => k.id)).not.toContain(first?.keys.nodes[0]?.id);

    const all = [];
    for await (const key of client.eachHolderKey(FINANCE, { first: 3 })) all.push(key);
    expect(all).toHaveLength(first?.keys.totalCount ?? -1);
    expect(new Set(all.map((k) => k.id)).size).toBe(all.length);
    const working = all.find((k) => k.status === "ACTIVE" && k.worksOn.length > 0);
    expect(working?.worksOn.map((s) => s.slug)).toContain("parking-fines");
  });

  it("answers null for an unknown email, and eachHolderKey throws HOLDER_NOT_FOUND", async () => {
    expect(await client.holderKeys("nobody@nowhere.example")).toBeNull();
    const iterate = async () => {
      for await (const _ of client.eachHolderKey("nobody@nowhere.example"));
    };
    await expect(iterate()).rejects.toMatchObject({ code: "HOLDER_NOT_FOUND", field: "email" });
  });
});

describe("a key's life", () => {
  it("creates a key whose secret verifies, rotates it with overlap, and revokes it", async () => {
    const created = await client.createKey({
      name: "client test backend",
      environment: "PRODUCTION",
      holderId: await holderId(FINANCE),
      lifespan: "DAYS_90",
    });
    expect(created.secret).toMatch(/^kh_live_/);
    expect(created.apiKey.holder.email).toBe(FINANCE);
    expect(created.apiKey.worksOn.map((s) => s.slug)).toContain("parking-fines");
    expect(created.warnings).toEqual([]);

    const valid = await client.verify({ secret: created.secret, service: "parking-fines", environment: "PRODUCTION" });
    expect(valid).toMatchObject({ valid: true, reason: "VALID", keyId: created.apiKey.id, environment: "PRODUCTION" });
    expect(valid.holder?.email).toBe(FINANCE);
    const wrongEnvironment = await client.verify({
      secret: created.secret,
      service: "parking-fines",
      environment: "STAGING",
    });
    expect(wrongEnvironment).toMatchObject({ valid: false, reason: "WRONG_ENVIRONMENT" });
    expect((await client.verify({ secret: "kh_live_nonsense", service: "parking-fines" })).reason).toBe("MALFORMED");

    const rotated = await client.rotateKey({ id: created.apiKey.id, overlapHours: 1, version: created.apiKey.version });
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.apiKey.previousPrefix).toBe(created.apiKey.prefix);
    expect(rotated.apiKey.previousSecretExpiresAt).not.toBeNull();
    expect((await client.verify({ secret: rotated.secret, service: "parking-fines" })).valid).toBe(true);
    expect((await client.verify({ secret: created.secret, service: "parking-fines" })).valid).toBe(true);

    const revoked = await client.revokeKey({ id: created.apiKey.id, reason: "client test done" });
    expect(revoked).toMatchObject({ status: "REVOKED", revokedReason: "client test done" });
    expect((await client.verify({ secret: rotated.secret, service: "parking-fines" })).reason).toBe("REVOKED");
    // Revoking is idempotent: the second call answers the same revocation.
    expect((await client.revokeKey({ id: created.apiKey.id, reason: "again" })).revokedReason).toBe("client test done");
  });

  it("throws a refused mutation's errors as a KeyholderError with the code and the input field", async () => {
    const refused = await client
      .createKey({ name: "x", environment: "STAGING", holderId: "not-an-id", lifespan: "DAYS_30" })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KeyholderError);
    expect(refused).toMatchObject({ source: "payload", code: "INVALID_ID", field: "holderId" });

    const created = await client.createKey({
      name: "client test versions",
      environment: "STAGING",
      holderId: await holderId(FINANCE),
      lifespan: "DAYS_30",
    });
    await client.rotateKey({ id: created.apiKey.id, overlapHours: 0, version: created.apiKey.version });
    const stale = await client
      .rotateKey({ id: created.apiKey.id, overlapHours: 0, version: created.apiKey.version })
      .catch((error: unknown) => error);
    expect(isKeyholderError(stale, "VERSION_CONFLICT")).toBe(true);
    expect((stale as KeyholderError).issues[0]?.code).toBe("VERSION_CONFLICT");
  });
});

describe("reassigning keys", () => {
  it("moves one key at its version and then several, keeping them working where they did", async () => {
    const person = "aisha.rahman@transport.gov.example";
    const keys = [];
    for await (const key of client.eachHolderKey(person, { filter: { status: "ACTIVE" } })) keys.push(key);
    const [one, ...rest] = keys;
    expect(one).toBeDefined();
    if (!one) return;
    const target = "payments-ops@transport.gov.example";
    const input = { id: one.id, version: one.version, toHolderId: await holderId(target), reason: "client test" };
    // The team is Billing where the key is not (and becomes Billing where its own keys are not):
    // refused, naming each key that would gain services, until wider access is allowed.
    const refused = await client.reassignKey(input).catch((error: unknown) => error);
    expect(refused).toMatchObject({ source: "payload", code: "ACCESS_WOULD_WIDEN" });
    const issues = (refused as KeyholderError).issues;
    expect(issues.every((i) => i.code === "ACCESS_WOULD_WIDEN")).toBe(true);
    expect(issues[0]?.message).toContain(one.name);
    const moved = await client.reassignKey({ ...input, allowWiderAccess: true });
    expect(moved.toHolderEmail).toBe(target);
    expect(moved.widens).toBe(true);
    expect(moved.keys[0]).toMatchObject({ keyId: one.id, fromHolderEmail: person, lost: [] });
    expect(issues).toHaveLength(moved.keys.filter((k) => k.gained.length).length + moved.otherKeysGaining.length);
    // keepAccess: it still works everywhere it did (and now also where its new holder is Billing).
    const slugs = (services?: { slug: string }[]) => services?.map((s) => s.slug) ?? ["?"];
    expect(slugs(moved.keys[0]?.servicesAfter)).toEqual(expect.arrayContaining(slugs(moved.keys[0]?.servicesBefore)));

    const again = await client
      .reassignKey({ id: one.id, version: one.version, toHolderId: await holderId(FINANCE) })
      .catch((error: unknown) => error);
    expect(again).toMatchObject({ source: "payload", code: "VERSION_CONFLICT" });

    if (rest.length > 0) {
      const many = await client.reassignKeys({
        ids: rest.map((k) => k.id),
        toHolderId: await holderId(target),
        allowWiderAccess: true,
      });
      expect(many.keys.map((k) => k.keyId).sort()).toEqual(rest.map((k) => k.id).sort());
    }
    expect((await client.holderKeys(person, { filter: { status: "ACTIVE" } }))?.keys.totalCount).toBe(0);
  });
});
