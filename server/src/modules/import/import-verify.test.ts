import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { verifyOverGraphql, verifyOverHttp } from "../../test-support/keys.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const IMPORT = graphql(`
  mutation ImportLegacy($input: ImportInventoryInput!) {
    importInventory(input: $input) { result { applied refused } errors { code } }
  }
`);
const KEYS = graphql(`query ImportedKeys { apiKeys(first: 10) { nodes { name prefix verifiable importedAt } } }`);
const ROTATE = graphql(`
  mutation RotateImported($input: RotateApiKeyInput!) {
    rotateApiKey(input: $input) { secret apiKey { verifiable previousPrefix previousSecretExpiresAt } errors { code } }
  }
`);

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
/** A secret from the system the organisation used before: not in Keyholder's format. */
const LEGACY = "sk_live_51HxLegacyPaymentsSecret0042";

async function importLegacy() {
  const bundle = {
    groupEmails: [{ email: "fin-team@agency.gov.example", name: "Finance team" }],
    services: [{ slug: "fines", name: "Fines" }],
    collaborators: [{ service: "fines", holder: "fin-team@agency.gov.example", role: "BILLING" }],
    keys: [
      {
        name: "Legacy batch",
        environment: "PRODUCTION",
        holder: "fin-team@agency.gov.example",
        secretSha256: sha(LEGACY),
        prefix: "sk_live_51Hx",
      },
      { name: "Untraced", environment: "PRODUCTION", holder: "fin-team@agency.gov.example", prefix: "pk_old" },
    ],
  };
  const res = await api.as(Role.OPERATOR)(IMPORT, { input: { json: JSON.stringify(bundle), apply: true } });
  expect(res.data?.importInventory.result).toEqual({ applied: true, refused: 0 });
}

/** One verification first, so the caller's access token is cached and costs no SQL after. */
const warm = async () => expect((await verifyOverHttp(api, { secret: "warm-up", service: "fines" })).status).toBe(200);

describe("verifying imported keys", () => {
  it("a key imported with its digest verifies with its existing secret, in its own format, over HTTP and GraphQL", async () => {
    await importLegacy();
    await warm();
    const http = await verifyOverHttp(api, { secret: LEGACY, service: "fines", environment: "PRODUCTION" });
    expect(http.body).toMatchObject({ valid: true, reason: "VALID", environment: "PRODUCTION" });
    expect(http.body.holder?.email).toBe("fin-team@agency.gov.example");
    expect((await verifyOverGraphql(api, { secret: LEGACY, service: "fines" })).verdict).toMatchObject({ valid: true });
    // The same prefix with another tail is an unknown key, not a malformed one: looked up once, then remembered.
    const guess = await verifyOverHttp(api, { secret: `${LEGACY.slice(0, 20)}XXXXXXXXXXXXXXX`, service: "fines" });
    expect(guess).toMatchObject({ body: { valid: false, reason: "NOT_FOUND" }, sql: 1 });
  });

  it("anything else not in Keyholder's format stays MALFORMED without SQL once the prefixes are loaded", async () => {
    await importLegacy();
    await warm();
    for (const secret of [
      "garbage-but-long-enough",
      "sk_test_51HxLegacyPaymentsSecret0042",
      "pk_old_whatever_secret",
      LEGACY.slice(0, 10),
      `${LEGACY} `,
    ]) {
      const http = await verifyOverHttp(api, { secret, service: "fines" });
      expect({ secret, reason: http.body.reason, sql: http.sql }).toEqual({ secret, reason: "MALFORMED", sql: 0 });
    }
  });

  it("before any import a foreign secret is MALFORMED without SQL; an import's keys verify at once after it", async () => {
    await warm();
    const first = await verifyOverHttp(api, { secret: "sk_live_51HxLegacyPaymentsSecret0042", service: "fines" });
    expect(first).toMatchObject({ body: { reason: "MALFORMED" }, sql: 0 });
    await importLegacy();
    expect((await verifyOverHttp(api, { secret: LEGACY, service: "fines" })).body).toMatchObject({ valid: true });
  });

  it("a key imported without a digest is tracked, and says it cannot be verified here", async () => {
    await importLegacy();
    const byName = Object.fromEntries((await api.execute(KEYS)).apiKeys.nodes.map((k) => [k.name, k]));
    expect(byName.Untraced).toMatchObject({ prefix: "pk_old", verifiable: false });
    expect(byName["Legacy batch"]).toMatchObject({ prefix: "sk_live_51Hx", verifiable: true });
    expect(byName.Untraced?.importedAt).not.toBeNull();
    const digests = await db.em().execute(`select secret_digest from api_key where name = 'Untraced'`);
    expect(digests).toEqual([{ secret_digest: null }]);
  });

  it("rotating a key imported without a digest gives it a Keyholder secret, with no old secret left working", async () => {
    await importLegacy();
    const [row] = await db.em().execute<{ id: string }[]>(`select id from api_key where name = 'Untraced'`);
    const id = row?.id;
    const rotated = (await api.execute(ROTATE, { input: { id: id!, overlapHours: 24 } }, Role.OPERATOR)).rotateApiKey;
    expect(rotated.errors).toEqual([]);
    expect(rotated.apiKey).toEqual({ verifiable: true, previousPrefix: null, previousSecretExpiresAt: null });
    expect((await verifyOverHttp(api, { secret: rotated.secret!, service: "fines" })).body).toMatchObject({
      valid: true,
    });
  });

  it("re-importing the file after rotations finds the keys: no retired secret comes back, no copy appears", async () => {
    await importLegacy();
    const ids = await db.em().execute<{ id: string; name: string }[]>(`select id, name from api_key order by name`);
    const rotate = async (id: string) => {
      const res = await api.as(Role.OPERATOR)(ROTATE, { input: { id, overlapHours: 0 } });
      expect(res.data?.rotateApiKey.errors).toEqual([]);
    };
    // The legacy secret is retired by two rotations; the key without a digest gets a Keyholder secret.
    for (const { id, name } of ids) {
      await rotate(id);
      if (name === "Legacy batch") await rotate(id);
    }
    await importLegacy();
    const keys = await db.em().execute<{ n: number }[]>("select count(*)::int as n from api_key");
    expect(keys[0]?.n).toBe(2);
    const again = await verifyOverHttp(api, { secret: LEGACY, service: "fines" });
    expect(again.body).toMatchObject({ valid: false, reason: "NOT_FOUND" });
  });

  it("the database keeps a key without a digest to imported keys", async () => {
    await importLegacy();
    await expect(
      db.em().execute(`update api_key set secret_digest = null, imported_at = null where name = 'Legacy batch'`),
    ).rejects.toThrow(/api_key_digest_or_imported/);
  });
});
