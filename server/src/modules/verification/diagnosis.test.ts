import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { reasonOf } from "../../test-support/keys.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const DIAGNOSE = graphql(`query($keyId: ID!, $service: String!) {
  diagnoseApiKey(keyId: $keyId, service: $service) { works reason explanation fixes }
}`);

async function diagnose(keyId: string, service = "fines", role: Role = Role.VIEWER) {
  const res = await api.as(role)(DIAGNOSE, { keyId, service });
  return { diagnosis: res.data?.diagnoseApiKey, errors: res.errors };
}

describe("diagnoseApiKey", () => {
  it("a working key: works, VALID, says why, and needs no fix", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "fines-team@agency.gov.example" });
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis).toEqual({
      works: true,
      reason: "VALID",
      explanation: expect.stringContaining("fines-team@agency.gov.example is a Billing collaborator"),
      fixes: [],
    });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe(diagnosis!.reason);
  });

  it("a revoked key: REVOKED, with the date and reason, and the fix is a new key", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "fines-team@agency.gov.example" });
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group, { revokedAt: new Date("2026-03-04T10:00:00Z"), revokedReason: "leaked in chat" });
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis).toMatchObject({ works: false, reason: "REVOKED" });
    expect(diagnosis!.explanation).toContain("2026-03-04");
    expect(diagnosis!.explanation).toContain("leaked in chat");
    expect(diagnosis!.fixes).toEqual([expect.stringMatching(/new PRODUCTION key to fines-team@agency\.gov\.example/)]);
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("REVOKED");
  });

  it("an expired key: EXPIRED, with the date, and the fix is to extend it or issue another", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const expiresAt = new Date(Date.now() - 2 * 86_400_000);
    const key = await f.key(group, { expiresAt });
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis).toMatchObject({ works: false, reason: "EXPIRED" });
    expect(diagnosis!.explanation).toContain(expiresAt.toISOString().slice(0, 10));
    expect(diagnosis!.fixes).toEqual([expect.stringContaining("updateApiKey")]);
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("EXPIRED");
  });

  it("a holder who is not Billing: the fix names the holder and the group email that is Billing there", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const team = await f.group({ email: "fines-team@agency.gov.example" });
    const viewers = await f.group({ email: "auditors@agency.gov.example" });
    const service = await f.service({ slug: "fines" });
    await f.collaborator(service, amy, CollaboratorRole.ADMIN);
    await f.collaborator(service, team, CollaboratorRole.BILLING);
    await f.collaborator(service, viewers, CollaboratorRole.VIEWER);
    await f.collaborator(service, await f.user({ email: "bob@agency.gov.example" }), CollaboratorRole.BILLING);
    const key = await f.key(amy);
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis).toMatchObject({ works: false, reason: "HOLDER_NOT_BILLING_COLLABORATOR" });
    expect(diagnosis!.explanation).toContain("amy@agency.gov.example");
    expect(diagnosis!.fixes).toHaveLength(2);
    expect(diagnosis!.fixes[0]).toContain("Add amy@agency.gov.example as a Billing collaborator on fines");
    expect(diagnosis!.fixes[1]).toContain("reassign the key to fines-team@agency.gov.example");
    expect(diagnosis!.fixes.join(" ")).not.toContain("auditors@");
    expect(diagnosis!.fixes.join(" ")).not.toContain("bob@");
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
  });

  it("with no group email Billing on the service, the only fix is to add the holder", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    await f.service({ slug: "fines" });
    const key = await f.key(amy);
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis!.reason).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
    expect(diagnosis!.fixes).toEqual([expect.stringContaining("Add amy@agency.gov.example as a Billing collaborator")]);
  });

  it("an archived service accepts no key, and the fix is to restore it", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "fines", archivedAt: new Date() }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    const { diagnosis } = await diagnose(key.id);
    expect(diagnosis).toMatchObject({ works: false, reason: "SERVICE_ARCHIVED" });
    expect(diagnosis!.explanation).toContain("archived");
    expect(diagnosis!.fixes).toEqual([expect.stringContaining("Restore fines")]);
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("SERVICE_ARCHIVED");
  });

  it("an unknown service is a SERVICE_NOT_FOUND error and an unknown key KEY_NOT_FOUND", async () => {
    const f = factories(db.em());
    const key = await f.key(await f.group());
    const noService = await diagnose(key.id, "no-such-service");
    expect(noService.diagnosis ?? null).toBeNull();
    expect(noService.errors?.[0]?.extensions).toMatchObject({ code: "SERVICE_NOT_FOUND", field: "service" });
    await f.service({ slug: "fines" });
    const noKey = await diagnose(randomUUID());
    expect(noKey.errors?.[0]?.extensions).toMatchObject({ code: "KEY_NOT_FOUND", field: "keyId" });
  });
});
