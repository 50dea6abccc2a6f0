import { describe, expect, it } from "vitest";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { type TestApi, useTestApi } from "../../test-support/graphql.js";
import { ERROR, filter, PATCH_OP, scimClient } from "../../test-support/scim.js";
import { UserStatus } from "../holder/user/user-status.js";

const TOKEN = "configured-scim-token-".padEnd(40, "x");

let db: TestDatabase;
/** The API with a configured SCIM token, as an identity provider reaches it. */
let provider: TestApi;
useTestApi((test) => ({ db, api: provider } = test), { options: { scim: { token: TOKEN } } });
const KEYHOLDER_GROUP = "urn:ietf:params:scim:schemas:extension:keyholder:2.0:Group";

async function members(groupId: string): Promise<string[]> {
  const rows = await db
    .em()
    .execute<{ email: string }[]>(
      "select u.email from group_membership m join holder u on u.id = m.user_id where m.group_id = ? order by 1",
      [groupId],
    );
  return rows.map((r) => r.email);
}

describe("SCIM Groups as Okta sends them", () => {
  it("pushes a group, adds members, removes one with a value filter, renames; a retried PATCH records nothing", async () => {
    const scim = scimClient(provider, TOKEN);
    const f = factories(db.em());
    const [ann, bob] = [
      await f.user({ email: "ann@agency.gov.example" }),
      await f.user({ email: "bob@agency.gov.example" }),
    ];

    const created = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "finance-team@agency.gov.example",
      members: [],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ displayName: "finance-team@agency.gov.example", members: [] });
    const id = created.body.id as string;

    const add = {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: "add",
          path: "members",
          value: [
            { value: ann.id, display: ann.email },
            { value: bob.id, display: bob.email },
          ],
        },
      ],
    };
    expect((await scim("PATCH", `/Groups/${id}`, add)).status).toBe(204);
    expect(await members(id)).toEqual(["ann@agency.gov.example", "bob@agency.gov.example"]);
    const before = (await auditRows(db)).length;
    expect((await scim("PATCH", `/Groups/${id}`, add)).status).toBe(204);
    expect((await auditRows(db)).length).toBe(before);

    const remove = { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${ann.id}"]` }] };
    expect((await scim("PATCH", `/Groups/${id}`, remove)).status).toBe(204);
    expect(await members(id)).toEqual(["bob@agency.gov.example"]);

    const rename = {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { id, displayName: "Finance Team" } }],
    };
    expect((await scim("PATCH", `/Groups/${id}`, rename)).status).toBe(204);
    const got = await scim("GET", `/Groups/${id}`);
    expect(got.body).toMatchObject({
      displayName: "Finance Team",
      members: [{ value: bob.id, display: "bob@agency.gov.example" }],
      [KEYHOLDER_GROUP]: { email: "finance-team@agency.gov.example" },
    });

    const events = (await auditRows(db)).filter((e) => e.actorLabel === "scim:configured");
    expect(events.map((e) => `${e.action} ${e.after?.member ?? ""}`.trim())).toEqual([
      "group_email.created",
      "group_email.member_added ann@agency.gov.example",
      "group_email.member_added bob@agency.gov.example",
      "group_email.member_removed ann@agency.gov.example",
      "group_email.updated",
    ]);
  });
});

describe("SCIM Groups as Microsoft Entra sends them", () => {
  it("needs an address for a group named otherwise, finds it by displayName without members, and syncs members", async () => {
    const scim = scimClient(provider, TOKEN);
    const f = factories(db.em());
    const ann = await f.user({ email: "ann@agency.gov.example" });
    const gone = await f.user({ email: "gone@agency.gov.example", status: UserStatus.DEPARTED });
    const entraGroup = {
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group",
      ],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Payments Team",
      meta: { resourceType: "Group" },
    };
    const refused = await scim("POST", "/Groups", entraGroup);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ schemas: [ERROR], scimType: "invalidValue" });

    const created = await scim("POST", "/Groups", {
      ...entraGroup,
      [KEYHOLDER_GROUP]: { email: "payments-team@agency.gov.example" },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const found = await scim("GET", `/Groups?excludedAttributes=members&${filter('displayName eq "Payments Team"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);
    expect(found.body.Resources[0].members).toBeUndefined();

    const addMember = (value: string) => ({
      schemas: [PATCH_OP],
      Operations: [{ name: "addMember", op: "Add", path: "members", value: [{ displayName: "new User", value }] }],
    });
    expect((await scim("PATCH", `/Groups/${id}`, addMember(ann.id))).status).toBe(204);
    expect(await members(id)).toEqual(["ann@agency.gov.example"]);

    // A departed user cannot join: the whole PATCH is refused and nothing changes.
    const departed = await scim("PATCH", `/Groups/${id}`, addMember(gone.id));
    expect(departed.status).toBe(400);
    expect(departed.body.scimType).toBe("invalidValue");
    const put = await scim("PUT", `/Groups/${id}`, {
      ...entraGroup,
      displayName: "Renamed",
      members: [{ value: gone.id }],
    });
    expect(put.status).toBe(400);
    expect((await scim("GET", `/Groups/${id}`)).body).toMatchObject({
      displayName: "Payments Team",
      members: [{ value: ann.id }],
    });

    const removeMember = {
      schemas: [PATCH_OP],
      Operations: [{ name: "removeMember", op: "Remove", path: "members", value: [{ value: ann.id }] }],
    };
    expect((await scim("PATCH", `/Groups/${id}`, removeMember)).status).toBe(204);
    expect(await members(id)).toEqual([]);

    const renamed = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: "Payments" }],
    });
    expect(renamed.status).toBe(204);
    expect((await scim("GET", `/Groups/${id}`)).body.displayName).toBe("Payments");

    const bad = await scim("PATCH", `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "owners", value: "x" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidPath");

    // DELETE unlinks the members; the group email stays, as it may hold keys.
    await scim("PATCH", `/Groups/${id}`, addMember(ann.id));
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect(await members(id)).toEqual([]);
    expect((await scim("GET", `/Groups/${id}`)).status).toBe(200);
  });
});

describe("SCIM Groups refusals", () => {
  it("a POST with a member who cannot join is refused whole: no group is left behind for a retry to meet as 409", async () => {
    const scim = scimClient(provider, TOKEN);
    const f = factories(db.em());
    const ann = await f.user({ email: "ann@agency.gov.example" });
    const gone = await f.user({ email: "gone@agency.gov.example", status: UserStatus.DEPARTED });
    const group = (members: string[]) => ({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "ops-team@agency.gov.example",
      members: members.map((value) => ({ value })),
    });
    for (const bad of [gone.id, "00000000-0000-4000-8000-000000000000"]) {
      const refused = await scim("POST", "/Groups", group([ann.id, bad]));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ schemas: [ERROR], scimType: "invalidValue" });
      expect(
        (await scim("GET", `/Groups?${filter('displayName eq "ops-team@agency.gov.example"')}`)).body,
      ).toMatchObject({ totalResults: 0 });
    }
    const created = await scim("POST", "/Groups", group([ann.id]));
    expect(created.status).toBe(201);
    expect(await members(created.body.id)).toEqual(["ann@agency.gov.example"]);
  });

  it("a filter value with a NUL character or a lone surrogate is refused with 400 invalidFilter, not a 500", async () => {
    const scim = scimClient(provider, TOKEN);
    provider.logLines.length = 0;
    for (const path of [
      `/Groups?${filter('displayName eq "ops\\u0000team"')}`,
      `/Users?${filter('userName eq "ann\\u0000@agency.gov.example"')}`,
      `/Users?${filter('userName eq "ann\\ud800@agency.gov.example"')}`,
    ]) {
      const res = await scim("GET", path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "invalidFilter" });
    }
    expect(provider.logLines.join("\n")).not.toContain("SCIM request failed");
  });
});
