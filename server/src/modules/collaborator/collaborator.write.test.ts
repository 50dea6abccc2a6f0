import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type TestApi, UserErrorFields, useTestApi } from "../../test-support/graphql.js";
import { reasonOf, worksOnSlugs } from "../../test-support/keys.js";
import { afterWaitingOnCommit, openTransaction, untilWaiting } from "../../test-support/locks.js";
import { Environment } from "../api-key/environment.js";
import { UserStatus } from "../holder/user/user-status.js";
import { Collaborator } from "./collaborator.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const CollaboratorFields = graphql(
  `fragment CollaboratorFields on Collaborator @_unmask { id role service { slug } holder { email } }`,
);
const ADD = graphql(
  `mutation($input: AddCollaboratorInput!) { addCollaborator(input: $input) { collaborator { ...CollaboratorFields } errors { ...UserErrorFields } } }`,
  [CollaboratorFields, UserErrorFields],
);
const REMOVE = graphql(
  `mutation($input: RemoveCollaboratorInput!) { removeCollaborator(input: $input) { collaborator { ...CollaboratorFields } errors { ...UserErrorFields } } }`,
  [CollaboratorFields, UserErrorFields],
);
const worksOn = (keyId: string) => worksOnSlugs(api, keyId);
const rolesOn = async (serviceId: string) =>
  (await db.em().find(Collaborator, { service: serviceId }, { populate: ["holder"], orderBy: { role: "asc" } })).map(
    (c) => `${c.holder.email}:${c.role}`,
  );

/** A refusal's message: it counts the keys and names each of them. */
function expectCountsAndNames(message: string | undefined, keyNames: string[]) {
  expect(message).toContain(`${keyNames.length} keys`);
  for (const name of keyNames) expect(message).toContain(name);
}

/** Each audited event as its action and the role before and after. */
const roleChangesAudited = async () => (await auditRows(db)).map((e) => [e.action, e.before?.role, e.after?.role]);

/**
 * team@ as `role` on fines, holding two active keys (`keyName`, and a staging "nightly batch") and
 * three that no role change touches: one revoked, one expired, and one held by someone else.
 */
async function teamOnFinesWithKeys(role: CollaboratorRole, keyName: string) {
  const f = factories(db.em());
  const group = await f.group({ email: "team@agency.gov.example" });
  const fines = await f.service({ slug: "fines" });
  const collaborator = await f.collaborator(fines, group, role);
  const key = await f.key(group, { name: keyName });
  const batch = await f.key(group, { name: "nightly batch", environment: Environment.STAGING });
  await f.key(group, { name: "revoked one", revokedAt: new Date() });
  await f.key(group, { name: "expired one", expiresAt: new Date(Date.now() - 60_000) });
  await f.key(await f.user(), { name: "someone else's" });
  return { fines, collaborator, key, batch };
}

describe("addCollaborator", () => {
  it("a BILLING role makes the holder's keys work on the service, audited with the reason", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "pay-team@agency.gov.example" });
    const service = await f.service({ slug: "fines" });
    const key = await f.key(group);
    expect(await worksOn(key.id)).toEqual([]);

    const res = await api.gql(
      ADD,
      { input: { serviceId: service.id, holderId: group.id, role: "BILLING", reason: "pays fines" } },
      { "x-request-id": "req-add-collaborator" },
    );
    expect(res.data?.addCollaborator).toEqual({
      errors: [],
      collaborator: {
        id: expect.any(String),
        role: "BILLING",
        service: { slug: "fines" },
        holder: { email: group.email },
      },
    });
    expect(await rolesOn(service.id)).toEqual(["pay-team@agency.gov.example:BILLING"]);
    expect(await worksOn(key.id)).toEqual(["fines"]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "collaborator.added",
        subjectType: "Service",
        subjectId: service.id,
        actorId: (await api.tokenFor(Role.ADMIN)).userId,
        credentialKind: "TOKEN",
        before: null,
        after: { service: "fines", holder: "pay-team@agency.gov.example", role: "BILLING" },
        reason: "pays fines",
        requestId: "req-add-collaborator",
      }),
    ]);
  });

  it("other roles do not make keys work, and one holder may have several roles", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const service = await f.service();
    const key = await f.key(amy);
    for (const role of ["ADMIN", "VIEWER"] as const) {
      const res = await api.gql(ADD, { input: { serviceId: service.id, holderId: amy.id, role } });
      expect(res.data?.addCollaborator?.errors).toEqual([]);
    }
    expect(await rolesOn(service.id)).toEqual(["amy@agency.gov.example:ADMIN", "amy@agency.gov.example:VIEWER"]);
    expect(await worksOn(key.id)).toEqual([]);
  });

  it("refuses the same role twice with COLLABORATOR_EXISTS", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const service = await f.service();
    await f.collaborator(service, amy, CollaboratorRole.BILLING);
    const res = await api.gql(ADD, { input: { serviceId: service.id, holderId: amy.id, role: "BILLING" } });
    expect(res.data?.addCollaborator).toEqual({
      collaborator: null,
      errors: [{ field: "role", code: "COLLABORATOR_EXISTS", message: expect.any(String) }],
    });
    expect(await rolesOn(service.id)).toEqual(["amy@agency.gov.example:BILLING"]);
    expect(await auditRows(db)).toEqual([]);
  });

  it("of simultaneous additions of the same role exactly one succeeds", async () => {
    const f = factories(db.em());
    const amy = await f.user({ email: "amy@agency.gov.example" });
    const service = await f.service();
    const input = { serviceId: service.id, holderId: amy.id, role: "BILLING" as const };
    const results = await Promise.all([1, 2, 3].map(() => api.gql(ADD, { input })));
    const codes = results.map((r) => r.data?.addCollaborator?.errors?.[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["COLLABORATOR_EXISTS", "COLLABORATOR_EXISTS", "OK"]);
    expect(await rolesOn(service.id)).toEqual(["amy@agency.gov.example:BILLING"]);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["collaborator.added"]);
  });

  it("refuses a departed user, an archived service, and unknown or malformed ids, adding nothing", async () => {
    const f = factories(db.em());
    const amy = await f.user();
    const gone = await f.user({ status: UserStatus.DEPARTED });
    const live = await f.service();
    const archived = await f.service({ archivedAt: new Date() });
    const errorsOf = async (input: Record<string, unknown>) =>
      (await api.gql(ADD, { input: { serviceId: live.id, holderId: amy.id, role: "BILLING", ...input } })).data
        ?.addCollaborator.errors;
    expect(await errorsOf({ holderId: gone.id })).toEqual([
      { field: "holderId", code: "USER_DEPARTED", message: expect.any(String) },
    ]);
    expect(await errorsOf({ serviceId: archived.id })).toEqual([
      { field: "serviceId", code: "SERVICE_ARCHIVED", message: expect.any(String) },
    ]);
    expect(await errorsOf({ serviceId: randomUUID() })).toEqual([
      expect.objectContaining({ field: "serviceId", code: "SERVICE_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ holderId: randomUUID() })).toEqual([
      expect.objectContaining({ field: "holderId", code: "HOLDER_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ holderId: "amy" })).toEqual([
      expect.objectContaining({ field: "holderId", code: "INVALID_ID" }),
    ]);
    expect(await errorsOf({ serviceId: "x" })).toEqual([
      expect.objectContaining({ field: "serviceId", code: "INVALID_ID" }),
    ]);
    expect(await errorsOf({ reason: "r".repeat(1001) })).toEqual([
      expect.objectContaining({ field: "reason", code: "TOO_LONG" }),
    ]);
    // An unknown role never reaches the service: GraphQL refuses the enum value.
    const badRole = await api.gql(ADD, { input: { serviceId: live.id, holderId: amy.id, role: "OWNER" } } as never);
    expect(badRole.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await db.em().count(Collaborator, {})).toBe(0);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("addCollaborator racing archiveService", () => {
  it("a role added while the service is being archived waits for the archiving and is then refused", async () => {
    const f = factories(db.em());
    await api.gql(graphql(`{ me { role } }`));
    const amy = await f.user();
    const service = await f.service();

    // The service's archiving is under way (as archiveService's UPDATE of the row), not yet committed.
    const res = await afterWaitingOnCommit(
      db,
      (archiving) =>
        archiving.query("update service set archived_at = now(), version = version + 1 where id = $1", [service.id]),
      () => api.gql(ADD, { input: { serviceId: service.id, holderId: amy.id, role: "BILLING" } }),
    );
    expect(res.data?.addCollaborator?.errors).toEqual([
      { field: "serviceId", code: "SERVICE_ARCHIVED", message: expect.any(String) },
    ]);
    // An archived service takes no new collaborators.
    expect(await rolesOn(service.id)).toEqual([]);
  });
});

describe("removeCollaborator", () => {
  it("removing BILLING stops the holder's keys working there only, audited with the reason", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const parking = await f.service({ slug: "parking" });
    const billing = await f.collaborator(fines, group, CollaboratorRole.BILLING);
    await f.collaborator(fines, group, CollaboratorRole.VIEWER);
    await f.collaborator(parking, group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    expect(await worksOn(key.id)).toEqual(["fines", "parking"]);

    const res = await api.gql(REMOVE, { input: { id: billing.id, reason: "moved to parking" } });
    expect(res.data?.removeCollaborator).toEqual({
      errors: [],
      collaborator: { id: billing.id, role: "BILLING", service: { slug: "fines" }, holder: { email: group.email } },
    });
    expect(await rolesOn(fines.id)).toEqual(["team@agency.gov.example:VIEWER"]);
    expect(await worksOn(key.id)).toEqual(["parking"]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "collaborator.removed",
        subjectType: "Service",
        subjectId: fines.id,
        before: { service: "fines", holder: "team@agency.gov.example", role: "BILLING" },
        after: null,
        reason: "moved to parking",
      }),
    ]);
  });

  it("of simultaneous removals of one role exactly one succeeds and is audited", async () => {
    const f = factories(db.em());
    const collaborator = await f.collaborator(await f.service(), await f.user());
    const results = await Promise.all([1, 2, 3].map(() => api.gql(REMOVE, { input: { id: collaborator.id } })));
    const codes = results.map((r) => r.data?.removeCollaborator?.errors?.[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["COLLABORATOR_NOT_FOUND", "COLLABORATOR_NOT_FOUND", "OK"]);
    expect(await db.em().count(Collaborator, {})).toBe(0);
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["collaborator.removed"]);
  });

  it("an unknown, already removed or malformed id is an error and records nothing", async () => {
    const f = factories(db.em());
    const collaborator = await f.collaborator(await f.service(), await f.user());
    await api.gql(REMOVE, { input: { id: collaborator.id } });
    for (const [id, code] of [
      [collaborator.id, "COLLABORATOR_NOT_FOUND"],
      [randomUUID(), "COLLABORATOR_NOT_FOUND"],
      ["42", "INVALID_ID"],
    ]) {
      const res = await api.gql(REMOVE, { input: { id: id! } });
      expect(res.data?.removeCollaborator).toEqual({
        collaborator: null,
        errors: [{ field: "id", code, message: expect.any(String) }],
      });
    }
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["collaborator.removed"]);
  });
});

const CHANGE = graphql(
  `mutation($input: ChangeCollaboratorRoleInput!) { changeCollaboratorRole(input: $input) {
  collaborator { ...CollaboratorFields } keysThatStop { id name } keysThatGain { id name } errors { ...UserErrorFields } } }`,
  [CollaboratorFields, UserErrorFields],
);

describe("changeCollaboratorRole", () => {
  it("changes a role in one step and one audit event, keeping the collaborator", async () => {
    const f = factories(db.em());
    const group = await f.group({ email: "team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const viewer = await f.collaborator(fines, group, CollaboratorRole.VIEWER);
    const key = await f.key(group);

    const res = await api.gql(
      CHANGE,
      { input: { id: viewer.id, role: "BILLING", reason: "now pays fines", allowWiderAccess: true } },
      { "x-request-id": "req-change-role" },
    );
    expect(res.data?.changeCollaboratorRole).toEqual({
      errors: [],
      keysThatStop: [],
      keysThatGain: [{ id: key.id, name: key.name }],
      collaborator: { id: viewer.id, role: "BILLING", service: { slug: "fines" }, holder: { email: group.email } },
    });
    expect(await rolesOn(fines.id)).toEqual(["team@agency.gov.example:BILLING"]);
    expect(await worksOn(key.id)).toEqual(["fines"]);
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "collaborator.role_changed",
        subjectType: "Service",
        subjectId: fines.id,
        before: { service: "fines", holder: "team@agency.gov.example", role: "VIEWER" },
        after: { service: "fines", holder: "team@agency.gov.example", role: "BILLING" },
        reason: "now pays fines",
        requestId: "req-change-role",
      }),
    ]);
  });

  it("leaving BILLING with keys that work there is refused with KEYS_WOULD_STOP, naming every such key", async () => {
    const {
      fines,
      collaborator: billing,
      key: backend,
      batch,
    } = await teamOnFinesWithKeys(CollaboratorRole.BILLING, "fines backend");

    const refused = await api.gql(CHANGE, { input: { id: billing.id, role: "ADMIN" } });
    expect(refused.data?.changeCollaboratorRole).toEqual({
      collaborator: null,
      keysThatStop: [
        { id: backend.id, name: "fines backend" },
        { id: batch.id, name: "nightly batch" },
      ],
      keysThatGain: [],
      errors: [{ field: "allowKeysToStop", code: "KEYS_WOULD_STOP", message: expect.any(String) }],
    });
    expectCountsAndNames(refused.data?.changeCollaboratorRole?.errors?.[0]?.message, [
      "fines backend",
      "nightly batch",
    ]);
    expect(await rolesOn(fines.id)).toEqual(["team@agency.gov.example:BILLING"]);
    expect(await worksOn(backend.id)).toEqual(["fines"]);
    expect(await auditRows(db)).toEqual([]);

    const done = await api.gql(CHANGE, { input: { id: billing.id, role: "ADMIN", allowKeysToStop: true } });
    expect(done.data?.changeCollaboratorRole).toMatchObject({
      errors: [],
      collaborator: { id: billing.id, role: "ADMIN" },
      keysThatStop: [
        { id: backend.id, name: "fines backend" },
        { id: batch.id, name: "nightly batch" },
      ],
    });
    expect(await rolesOn(fines.id)).toEqual(["team@agency.gov.example:ADMIN"]);
    expect(await worksOn(backend.id)).toEqual([]);
    expect(await roleChangesAudited()).toEqual([["collaborator.role_changed", "BILLING", "ADMIN"]]);
  });

  it("becoming BILLING while holding active keys is refused with ACCESS_WOULD_WIDEN, naming every key that would gain the service", async () => {
    const {
      fines,
      collaborator: viewer,
      key: old,
      batch,
    } = await teamOnFinesWithKeys(CollaboratorRole.VIEWER, "old parking key");

    const refused = await api.gql(CHANGE, { input: { id: viewer.id, role: "BILLING" } });
    expect(refused.data?.changeCollaboratorRole).toEqual({
      collaborator: null,
      keysThatStop: [],
      keysThatGain: [
        { id: batch.id, name: "nightly batch" },
        { id: old.id, name: "old parking key" },
      ],
      errors: [{ field: "allowWiderAccess", code: "ACCESS_WOULD_WIDEN", message: expect.any(String) }],
    });
    expectCountsAndNames(refused.data?.changeCollaboratorRole?.errors?.[0]?.message, [
      "old parking key",
      "nightly batch",
    ]);
    expect(await rolesOn(fines.id)).toEqual(["team@agency.gov.example:VIEWER"]);
    expect(await worksOn(old.id)).toEqual([]);
    expect(await auditRows(db)).toEqual([]);

    const done = await api.gql(CHANGE, { input: { id: viewer.id, role: "BILLING", allowWiderAccess: true } });
    expect(done.data?.changeCollaboratorRole).toMatchObject({
      errors: [],
      collaborator: { id: viewer.id, role: "BILLING" },
      keysThatGain: [
        { id: batch.id, name: "nightly batch" },
        { id: old.id, name: "old parking key" },
      ],
    });
    expect(await worksOn(old.id)).toEqual(["fines"]);
    expect(await roleChangesAudited()).toEqual([["collaborator.role_changed", "VIEWER", "BILLING"]]);
  });

  it.each([
    {
      name: "becoming BILLING needs no confirmation when the holder has no active key",
      from: CollaboratorRole.VIEWER,
      to: CollaboratorRole.BILLING,
      affected: "keysThatGain",
    },
    {
      name: "leaving BILLING needs no confirmation when no key works there",
      from: CollaboratorRole.BILLING,
      to: CollaboratorRole.VIEWER,
      affected: "keysThatStop",
    },
  ] as const)("$name", async ({ from, to, affected }) => {
    const f = factories(db.em());
    const user = await f.user();
    const collaborator = await f.collaborator(await f.service(), user, from);
    await f.key(user, { revokedAt: new Date() });
    const res = await api.gql(CHANGE, { input: { id: collaborator.id, role: to } });
    expect(res.data?.changeCollaboratorRole).toMatchObject({
      errors: [],
      [affected]: [],
      collaborator: { role: to },
    });
  });

  it("the verification cache hears the change at once", async () => {
    const f = factories(db.em());
    const group = await f.group();
    const billing = await f.collaborator(await f.service({ slug: "fines" }), group, CollaboratorRole.BILLING);
    const key = await f.key(group);
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");
    await api.gql(CHANGE, { input: { id: billing.id, role: "VIEWER", allowKeysToStop: true } });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("HOLDER_NOT_BILLING_COLLABORATOR");
    await api.gql(CHANGE, { input: { id: billing.id, role: "BILLING", allowWiderAccess: true } });
    expect(await reasonOf(api, { secret: key.secret, service: "fines" })).toBe("VALID");
  });

  it("refuses a role the holder already has there with COLLABORATOR_EXISTS, and changes nothing", async () => {
    const f = factories(db.em());
    const user = await f.user();
    const service = await f.service();
    const viewer = await f.collaborator(service, user, CollaboratorRole.VIEWER);
    await f.collaborator(service, user, CollaboratorRole.ADMIN);
    for (const role of ["VIEWER", "ADMIN"] as const) {
      const res = await api.gql(CHANGE, { input: { id: viewer.id, role } });
      expect(res.data?.changeCollaboratorRole).toEqual({
        collaborator: null,
        keysThatStop: [],
        keysThatGain: [],
        errors: [{ field: "role", code: "COLLABORATOR_EXISTS", message: expect.any(String) }],
      });
    }
    expect((await rolesOn(service.id)).sort()).toEqual([`${user.email}:ADMIN`, `${user.email}:VIEWER`]);
    expect(await auditRows(db)).toEqual([]);
  });

  it("refuses an archived service, a departed holder, and unknown or malformed ids", async () => {
    const f = factories(db.em());
    const archived = await f.collaborator(await f.service({ archivedAt: new Date() }), await f.user());
    const departed = await f.collaborator(
      await f.service(),
      await f.user({ status: UserStatus.DEPARTED, departedAt: new Date() }),
    );
    for (const [id, field, code] of [
      [archived.id, "id", "SERVICE_ARCHIVED"],
      [departed.id, "id", "USER_DEPARTED"],
      [randomUUID(), "id", "COLLABORATOR_NOT_FOUND"],
      ["42", "id", "INVALID_ID"],
    ]) {
      const res = await api.gql(CHANGE, { input: { id: id!, role: "ADMIN" } });
      expect(res.data?.changeCollaboratorRole?.errors, code).toEqual([{ field, code, message: expect.any(String) }]);
    }
    expect(await auditRows(db)).toEqual([]);
  });

  it("waits for an offboarding of the holder before locking the role, so the two cannot deadlock", async () => {
    const f = factories(db.em());
    const user = await f.user();
    const viewer = await f.collaborator(await f.service({ slug: "fines" }), user, CollaboratorRole.VIEWER);
    // Another transaction locks the holder and then removes its roles, as an offboarding does.
    const other = await openTransaction(db);
    try {
      await other.query("select id from holder where id = $1 for update", [user.id]);
      const pending = api.gql(CHANGE, { input: { id: viewer.id, role: "ADMIN" } });
      await untilWaiting(db, 1);
      await other.query("delete from collaborator where holder_id = $1", [user.id]);
      await other.query("commit");
      const res = await pending;
      expect(res.data?.changeCollaboratorRole?.errors).toEqual([
        { field: "id", code: "COLLABORATOR_NOT_FOUND", message: expect.any(String) },
      ]);
    } finally {
      await other.release();
    }
    expect(await auditRows(db)).toEqual([]);
  });

  it("a VIEWER may not change roles", async () => {
    const f = factories(db.em());
    const collaborator = await f.collaborator(await f.service(), await f.user());
    const res = await api.as(Role.VIEWER)(CHANGE, { input: { id: collaborator.id, role: "ADMIN" } });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
