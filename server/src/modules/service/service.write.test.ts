import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { graphql, type InputOf, type TestApi, UserErrorFields, useTestApi } from "../../test-support/graphql.js";
import { worksOnSlugs } from "../../test-support/keys.js";
import { Service } from "./service.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const ServiceFields = graphql(`
  fragment ServiceFields on Service @_unmask { id slug name description archivedAt version }
`);
const fragments = [ServiceFields, UserErrorFields];
const CREATE = graphql(
  `mutation CreateService($input: CreateServiceInput!) {
    createService(input: $input) { service { ...ServiceFields } errors { ...UserErrorFields } }
  }`,
  fragments,
);
const UPDATE = graphql(
  `mutation UpdateService($input: UpdateServiceInput!) {
    updateService(input: $input) { service { ...ServiceFields } errors { ...UserErrorFields } }
  }`,
  fragments,
);
const ARCHIVE = graphql(
  `mutation ArchiveService($input: ArchiveServiceInput!) {
    archiveService(input: $input) { service { ...ServiceFields } errors { ...UserErrorFields } }
  }`,
  fragments,
);
const RESTORE = graphql(
  `mutation RestoreService($input: RestoreServiceInput!) {
    restoreService(input: $input) { service { ...ServiceFields } errors { ...UserErrorFields } }
  }`,
  fragments,
);

const reload = (id: string) => db.em().findOneOrFail(Service, { id });

describe("createService", () => {
  it("adds a service, audited with its snapshot, actor and request id", async () => {
    const res = await api.gql(
      CREATE,
      { input: { slug: " parking-fines ", name: " Parking fines ", description: "" } },
      { "x-request-id": "req-create-service" },
    );
    const service = res.data?.createService?.service;
    expect(res.data?.createService?.errors).toEqual([]);
    expect(service).toMatchObject({ slug: "parking-fines", name: "Parking fines", description: null, version: 1 });
    expect(await reload(service!.id)).toMatchObject({ slug: "parking-fines", name: "Parking fines", archivedAt: null });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "service.created",
        subjectType: "Service",
        subjectId: service!.id,
        actorId: (await api.tokenFor(Role.ADMIN)).userId,
        credentialKind: "TOKEN",
        before: null,
        after: { slug: "parking-fines", name: "Parking fines", description: null, archivedAt: null },
        requestId: "req-create-service",
      }),
    ]);
  });

  it("refuses malformed slugs, blank or long names, and a taken slug, writing nothing", async () => {
    await factories(db.em()).service({ slug: "taken" });
    const codesOf = async (input: Partial<InputOf<typeof CREATE>>) =>
      (
        await api.gql(CREATE, { input: { name: "A service", slug: "a-service", ...input } })
      ).data?.createService?.errors?.map((e) => `${e.field}:${e.code}`);
    expect(await codesOf({ slug: "Parking-Fines" })).toEqual(["slug:INVALID_SLUG"]);
    expect(await codesOf({ slug: "parking fines" })).toEqual(["slug:INVALID_SLUG"]);
    expect(await codesOf({ slug: "parking--fines" })).toEqual(["slug:INVALID_SLUG"]);
    expect(await codesOf({ slug: "-parking" })).toEqual(["slug:INVALID_SLUG"]);
    expect(await codesOf({ slug: "p" })).toEqual(["slug:INVALID_SLUG"]);
    expect(await codesOf({ slug: "a".repeat(64) })).toEqual(["slug:TOO_LONG"]);
    expect(await codesOf({ slug: "fine", name: "  " })).toEqual(["name:REQUIRED"]);
    expect(await codesOf({ slug: "fine", name: "n".repeat(201) })).toEqual(["name:TOO_LONG"]);
    expect(await codesOf({ slug: "taken" })).toEqual(["slug:SLUG_TAKEN"]);
    expect((await db.em().find(Service, {})).map((s) => s.slug)).toEqual(["taken"]);
    expect(await auditRows(db)).toEqual([]);
  });
});

describe("updateService", () => {
  it("changes slug and name at the version read, keeping omitted fields, audited before and after", async () => {
    const service = await factories(db.em()).service({ slug: "old-slug", name: "Old" });
    await db.em().execute("update service set description = 'kept' where id = ?", [service.id]);
    const res = await api.gql(UPDATE, { input: { id: service.id, version: 1, slug: "new-slug" } });
    expect(res.data?.updateService).toMatchObject({
      errors: [],
      service: { slug: "new-slug", name: "Old", description: "kept", version: 2 },
    });
    expect(await reload(service.id)).toMatchObject({ slug: "new-slug", name: "Old", description: "kept", version: 2 });
    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "service.updated",
        subjectId: service.id,
        before: expect.objectContaining({ slug: "old-slug" }),
        after: expect.objectContaining({ slug: "new-slug", description: "kept" }),
      }),
    ]);
  });

  it("refuses a stale version, another service's slug, and unknown or malformed ids, changing nothing", async () => {
    const f = factories(db.em());
    const service = await f.service({ slug: "mine", name: "Mine" });
    await f.service({ slug: "theirs" });
    const errorsOf = async (input: Record<string, unknown>) =>
      (await api.gql(UPDATE, { input: { id: service.id, version: 1, ...input } })).data?.updateService?.errors;
    expect(await errorsOf({ version: 3, name: "X" })).toEqual([
      expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" }),
    ]);
    expect(await errorsOf({ slug: "theirs" })).toEqual([
      expect.objectContaining({ field: "slug", code: "SLUG_TAKEN" }),
    ]);
    expect(await errorsOf({ id: randomUUID(), name: "X" })).toEqual([
      expect.objectContaining({ field: "id", code: "SERVICE_NOT_FOUND" }),
    ]);
    expect(await errorsOf({ id: "1", name: "X" })).toEqual([
      expect.objectContaining({ field: "id", code: "INVALID_ID" }),
    ]);
    expect(await errorsOf({ slug: "Bad Slug" })).toEqual([
      expect.objectContaining({ field: "slug", code: "INVALID_SLUG" }),
    ]);
    expect(await reload(service.id)).toMatchObject({ slug: "mine", name: "Mine", version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("accepts the service's own slug", async () => {
    const service = await factories(db.em()).service({ slug: "same" });
    const res = await api.gql(UPDATE, { input: { id: service.id, version: 1, slug: "same", name: "Renamed" } });
    expect(res.data?.updateService?.errors).toEqual([]);
    expect(await reload(service.id)).toMatchObject({ slug: "same", name: "Renamed" });
  });
});

describe("archiving", () => {
  async function billedService() {
    const f = factories(db.em());
    const group = await f.group();
    const service = await f.service({ slug: "billed" });
    const other = await f.service({ slug: "other" });
    await f.collaborator(service, group);
    await f.collaborator(other, group);
    return { service, key: await f.key(group) };
  }

  it("archiving stops the service's keys working there, audited with the reason; restoring brings them back", async () => {
    const { service, key } = await billedService();
    expect(await worksOnSlugs(api, key.id)).toEqual(["billed", "other"]);

    const archived = await api.gql(ARCHIVE, { input: { id: service.id, version: 1, reason: "decommissioned" } });
    expect(archived.data?.archiveService).toMatchObject({
      errors: [],
      service: { archivedAt: expect.any(String), version: 2 },
    });
    expect((await reload(service.id)).archivedAt).toBeInstanceOf(Date);
    expect(await worksOnSlugs(api, key.id)).toEqual(["other"]);

    const restored = await api.gql(RESTORE, { input: { id: service.id, version: 2, reason: "back in use" } });
    expect(restored.data?.restoreService).toMatchObject({ errors: [], service: { archivedAt: null, version: 3 } });
    expect((await reload(service.id)).archivedAt).toBeNull();
    expect(await worksOnSlugs(api, key.id)).toEqual(["billed", "other"]);

    expect(await auditRows(db)).toEqual([
      expect.objectContaining({
        action: "service.archived",
        subjectType: "Service",
        subjectId: service.id,
        before: expect.objectContaining({ archivedAt: null }),
        after: expect.objectContaining({ archivedAt: expect.any(String) }),
        reason: "decommissioned",
      }),
      expect.objectContaining({
        action: "service.restored",
        after: expect.objectContaining({ archivedAt: null }),
        reason: "back in use",
      }),
    ]);
  });

  it("archiving an archived service changes nothing and records no second event", async () => {
    const { service } = await billedService();
    await api.gql(ARCHIVE, { input: { id: service.id, version: 1 } });
    const archivedAt = (await reload(service.id)).archivedAt;
    const again = await api.gql(ARCHIVE, { input: { id: service.id, version: 2 } });
    expect(again.data?.archiveService).toMatchObject({ errors: [], service: { version: 2 } });
    expect(await reload(service.id)).toMatchObject({ archivedAt, version: 2 });
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.archived"]);
  });

  it("archiving an archived service or restoring a live one at a stale version is a VERSION_CONFLICT", async () => {
    const { service } = await billedService();
    await api.gql(UPDATE, { input: { id: service.id, version: 1, name: "Renamed" } });
    const restoreLive = await api.gql(RESTORE, { input: { id: service.id, version: 1 } });
    expect(restoreLive.data?.restoreService).toMatchObject({
      service: null,
      errors: [expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" })],
    });
    await api.gql(ARCHIVE, { input: { id: service.id, version: 2 } });
    const archiveArchived = await api.gql(ARCHIVE, { input: { id: service.id, version: 2 } });
    expect(archiveArchived.data?.archiveService).toMatchObject({
      service: null,
      errors: [expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" })],
    });
    expect(await reload(service.id)).toMatchObject({ archivedAt: expect.any(Date), version: 3 });
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.updated", "service.archived"]);
  });

  it("restoring a live service at its current version changes nothing and records nothing", async () => {
    const { service } = await billedService();
    const res = await api.gql(RESTORE, { input: { id: service.id, version: 1 } });
    expect(res.data?.restoreService).toMatchObject({ errors: [], service: { archivedAt: null, version: 1 } });
    expect(await reload(service.id)).toMatchObject({ archivedAt: null, version: 1 });
    expect(await auditRows(db)).toEqual([]);
  });

  it("refuses to archive at a stale version, or an unknown service", async () => {
    const { service } = await billedService();
    await api.gql(UPDATE, { input: { id: service.id, version: 1, name: "Renamed" } });
    const stale = await api.gql(ARCHIVE, { input: { id: service.id, version: 1 } });
    expect(stale.data?.archiveService?.errors).toEqual([
      expect.objectContaining({ field: "version", code: "VERSION_CONFLICT" }),
    ]);
    const unknown = await api.gql(ARCHIVE, { input: { id: randomUUID(), version: 1 } });
    expect(unknown.data?.archiveService?.errors).toEqual([expect.objectContaining({ code: "SERVICE_NOT_FOUND" })]);
    expect((await reload(service.id)).archivedAt).toBeNull();
    expect((await auditRows(db)).map((e) => e.action)).toEqual(["service.updated"]);
  });
});
