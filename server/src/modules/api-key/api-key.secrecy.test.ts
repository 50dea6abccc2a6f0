import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { sha256Hex } from "../../shared/secrets.js";
import { auditRowsContaining } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { CREATE_KEY, REVOKE_KEY, ROTATE_KEY, UPDATE_KEY, verifyBoth, verifyOverHttp } from "../../test-support/keys.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test), { reset: false });

/** Everything the database holds, as text: every row of every table that could hold a secret. */
async function databaseText(): Promise<string> {
  const rows = await db.em().execute<{ t: string }[]>(
    `select string_agg(t, E'\\n') as t from (
       select a::text as t from audit_event a union all select k::text from api_key k
       union all select h::text from holder h union all select s::text from service s) x`,
  );
  return rows[0]?.t ?? "";
}

describe("a key's secret is shown once and appears nowhere else", () => {
  it("no audit event, key row or log line contains any issued secret, even after use and errors", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const group = await f.group({ email: "team@agency.gov.example" });
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, group, CollaboratorRole.BILLING);
    await f.collaborator(service, amy, CollaboratorRole.BILLING);

    const secrets: string[] = [];
    const keyIds: string[] = [];
    for (const [holderId, environment, lifespan] of [
      [amy.id, "PRODUCTION", "DAYS_30"],
      [group.id, "PRODUCTION", "NEVER"],
      [group.id, "STAGING", "DAYS_365"],
    ] as const) {
      const { createApiKey } = await api.execute(CREATE_KEY, {
        input: { name: `key ${environment}`, environment, holderId, lifespan },
      });
      expect(createApiKey.errors).toEqual([]);
      secrets.push(createApiKey.secret!);
      keyIds.push(createApiKey.apiKey!.id);
    }
    for (const id of keyIds) {
      for (const overlapHours of [1, 0]) {
        const { rotateApiKey } = await api.execute(ROTATE_KEY, { input: { id, overlapHours } });
        expect(rotateApiKey.errors).toEqual([]);
        secrets.push(rotateApiKey.secret!);
      }
    }
    await api.execute(UPDATE_KEY, { input: { id: keyIds[0]!, version: 3, name: "renamed" } });
    await api.execute(REVOKE_KEY, { input: { id: keyIds[1]!, reason: "retired" } });
    // Use each secret, and send some in ways that fail, so that error paths get a chance to log them.
    for (const secret of secrets) {
      await verifyBoth(api, { secret, service: "fines" });
      await verifyBoth(api, { secret, service: "fines", environment: "STAGING" });
      expect((await verifyOverHttp(api, { secret, service: "fines", extra: secret })).status).toBe(400);
      expect((await verifyOverHttp(api, { secret: `${secret}${"x".repeat(200)}`, service: "fines" })).status).toBe(400);
      expect((await verifyOverHttp(api, { secret, service: "fines" }, `Bearer ${secret}`)).status).toBe(401);
    }

    expect(new Set(secrets).size).toBe(9);
    const stored = await databaseText();
    const logs = api.logLines.join("\n");
    expect(logs).toContain("/v1/keys/verify");
    for (const secret of secrets) {
      const tail = secret.slice(14);
      expect(await auditRowsContaining(db, tail)).toBe(0);
      expect(await auditRowsContaining(db, sha256Hex(secret))).toBe(0);
      expect(stored).not.toContain(tail);
      expect(logs).not.toContain(tail);
    }
    // The search is real: the audit trail does hold the public prefixes.
    expect(await auditRowsContaining(db, secrets[0]?.slice(0, 14) as string)).toBeGreaterThan(0);
  });
});
