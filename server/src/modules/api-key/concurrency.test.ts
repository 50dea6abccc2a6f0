import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { type AuditRow, auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type GqlResult, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { REVOKE_KEY, ROTATE_KEY, UPDATE_KEY, verifyOverHttp } from "../../test-support/keys.js";
import { ApiKey } from "./api-key.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

/** Audit events of one key in the order they were written (ids are a sequence; compare them as numbers). */
async function eventsOf(keyId: string): Promise<AuditRow[]> {
  const rows = (await auditRows(db)).filter((e) => e.subjectId === keyId);
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

function noServerErrors(results: GqlResult[]) {
  const codes = results.flatMap((r) => r.errors?.map((e) => e.extensions?.code) ?? []);
  expect(codes).toEqual([]);
  expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
}

describe("concurrent changes to one key", () => {
  it("50 simultaneous revocations and rotations end in one consistent, revoked state", async () => {
    const f = factories(db.em());
    const group = await f.group();
    await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    // Cache the caller's token first, so that the 50 requests race on the key and not on sign-in.
    await api.gql(graphql(`{ me { role } }`));

    // Revocations sit in the second half, so that some rotations usually win the race before them.
    const ops = Array.from({ length: 50 }, (_, i) => (i >= 25 && i % 5 === 2 ? "revoke" : "rotate"));
    const sent = ops.map((op, i) =>
      op === "revoke"
        ? api.gql(REVOKE_KEY, { input: { id: key.id, reason: `revocation ${i}` } }).then((r) => ({ revoke: r }))
        : api.gql(ROTATE_KEY, { input: { id: key.id, overlapHours: 0 } }).then((r) => ({ rotate: r })),
    );
    const answers = await Promise.all(sent);
    const results = answers.map((a) => ("revoke" in a ? a.revoke : a.rotate));
    noServerErrors(results);

    const revokes = answers.flatMap((a) => ("revoke" in a ? [a.revoke.data!.revokeApiKey] : []));
    const rotations = answers.flatMap((a) => ("rotate" in a ? [a.rotate.data!.rotateApiKey] : []));
    expect(revokes.map((p) => [p.errors, p.apiKey?.status])).toEqual(revokes.map(() => [[], "REVOKED"]));
    const rotated = rotations.filter((p) => p.secret);
    const refused = rotations.filter((p) => !p.secret);
    expect(rotated.map((p) => p.errors)).toEqual(rotated.map(() => []));
    expect(refused.map((p) => p.errors.map((e) => e.code))).toEqual(refused.map(() => ["KEY_REVOKED"]));
    expect(rotated.length + refused.length).toBe(45);

    const stored = await db.em().findOneOrFail(ApiKey, { id: key.id });
    expect(stored.revokedAt).not.toBeNull();
    expect(stored.version).toBe(1 + rotated.length + 1);
    // Every revocation that answered after the real one reports the same, first revocation.
    const reasons = new Set(revokes.map((p) => p.apiKey!.revokedReason));
    expect(reasons).toEqual(new Set([stored.revokedReason]));

    const events = await eventsOf(key.id);
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === "api_key.revoked")).toHaveLength(1);
    expect(actions.filter((a) => a === "api_key.rotated")).toHaveLength(rotated.length);
    // Rotations ran one at a time, all before the revocation: each started from the previous one's secret.
    expect(actions.at(-1)).toBe("api_key.revoked");
    let prefix = key.prefix;
    for (const event of events.slice(0, -1)) {
      expect(event.before?.prefix).toBe(prefix);
      prefix = event.after?.prefix as string;
    }
    expect(stored.prefix).toBe(prefix);

    // No secret handed out works any more: the last two are known and revoked, older ones are gone.
    for (const secret of [key.secret, ...rotated.map((p) => p.secret as string)]) {
      const answer = await verifyOverHttp(api, { secret, service: "fines" });
      const known = [stored.prefix, stored.previousPrefix].includes(secret.slice(0, 14));
      expect({ prefix: secret.slice(0, 14), reason: answer.body.reason }).toEqual({
        prefix: secret.slice(0, 14),
        reason: known ? "REVOKED" : "NOT_FOUND",
      });
    }
  });

  it("of 20 simultaneous updates at the same version exactly one succeeds; the rest get VERSION_CONFLICT", async () => {
    const f = factories(db.em());
    const key = await f.key(await f.group(), { name: "original" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.gql(UPDATE_KEY, { input: { id: key.id, version: 1, name: `name ${i}` } }),
      ),
    );
    noServerErrors(results);
    const payloads = results.map((r) => r.data!.updateApiKey);
    const winners = payloads.filter((p) => p.apiKey);
    expect(winners).toHaveLength(1);
    const losers = payloads.filter((p) => !p.apiKey).map((p) => p.errors.map((e) => e.code));
    expect(losers).toEqual(Array.from({ length: 19 }, () => ["VERSION_CONFLICT"]));

    const stored = await db.em().findOneOrFail(ApiKey, { id: key.id });
    expect(stored).toMatchObject({ name: winners[0]!.apiKey!.name, version: 2 });
    expect((await eventsOf(key.id)).map((e) => e.action)).toEqual(["api_key.updated"]);
  });
});
