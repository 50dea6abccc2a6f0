import { describe, expect, it } from "vitest";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Role } from "../../shared/role.js";
import { auditRows } from "../../test-support/audit.js";
import type { TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, graphql, type TestApi, useTestApi } from "../../test-support/graphql.js";
import { ERROR, filter, PATCH_OP, scimClient } from "../../test-support/scim.js";
import { User } from "../holder/user/user.entity.js";

let db: TestDatabase;
let api: TestApi;
useTestApi((test) => ({ db, api } = test));

const ISSUE_TOKEN = graphql(`
  mutation IssueScimToken($name: String!) {
    issueScimToken(input: { name: $name }) { client { id name prefix } token errors { code field } }
  }
`);
const REVOKE_TOKEN = graphql(`
  mutation RevokeScimToken($id: ID!) { revokeScimToken(input: { id: $id }) { errors { code } } }
`);
const SCIM_CLIENTS = graphql(`query ScimClients { scimClients { name revokedAt } }`);
const LEAVER_CASES = graphql(`
  query ScimLeaverCases($open: Boolean! = true) {
    leaverCases(open: $open) {
      id openedBy closedAt closedBy resolution user { email status }
      plan { wouldBreak keys { name suggestedHolderEmail } }
    }
  }
`);
const USER_LEAVER_CASE = graphql(`query UserLeaverCase($id: ID!) { user(id: $id) { leaverCase { id openedBy } } }`);
const OFFBOARD = graphql(`
  mutation ScimOffboard($id: ID!) { offboardUser(input: { userId: $id }) { offboarding { email } errors { code } } }
`);
const KEY_HOLDER = graphql(
  `query KeyHolderAndServices($id: ID!) { apiKey(id: $id) { holder { email } worksOn { slug } } }`,
);

async function issueToken(name: string): Promise<{ id: string; token: string }> {
  const res = await api.gql(ISSUE_TOKEN, { name });
  expect(res.data?.issueScimToken.errors).toEqual([]);
  return { id: res.data!.issueScimToken.client!.id, token: res.data!.issueScimToken.token! };
}

// Okta's documented requests (developer.okta.com, "SCIM 2.0 protocol reference"), verbatim but for the ids.
const oktaCreate = (userName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: userName, type: "work" }],
  displayName: "Test User",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "1mz050nq",
  active: true,
});
const oktaDeactivate = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] };
const oktaReactivate = { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] };

describe("SCIM Users as Okta sends them", () => {
  it("looks a user up, creates them, finds them, deactivates (a leaver case), and reactivates (case closed)", async () => {
    const { token } = await issueToken("okta");
    const scim = scimClient(api, token);
    const email = "test.user@agency.gov.example";

    const none = await scim("GET", `/Users?${filter(`userName eq "${email}"`)}&startIndex=1&count=100`);
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [], startIndex: 1 });

    const created = await scim("POST", "/Users", oktaCreate(email));
    expect(created.status).toBe(201);
    expect(created.headers["content-type"]).toMatch(/^application\/scim\+json/);
    expect(created.body).toMatchObject({ userName: email, displayName: "Test User", active: true });
    expect(created.headers.location).toBe(created.body.meta.location);
    const id = created.body.id as string;

    const found = await scim("GET", `/Users?${filter(`userName eq "Test.User@agency.gov.example"`)}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);

    // The user holds a key that works on a service: the plan says what would break.
    const f = factories(db.em());
    const service = await f.service({ slug: "fines" });
    const user = await db.em().findOneOrFail(User, { id });
    await f.collaborator(service, user, CollaboratorRole.BILLING);
    await f.key(user, { name: "fines-prod" });

    const deactivated = await scim("PATCH", `/Users/${id}`, oktaDeactivate);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await scim("GET", `/Users/${id}`)).body.active).toBe(false);
    // Okta retries: the same deactivation again changes nothing and records nothing.
    expect((await scim("PATCH", `/Users/${id}`, oktaDeactivate)).status).toBe(200);

    const leaving = await api.as(Role.VIEWER)(USER_LEAVER_CASE, { id });
    expect(leaving.data?.user?.leaverCase).toMatchObject({ openedBy: "scim:okta" });
    const open = await api.as(Role.VIEWER)(LEAVER_CASES);
    expect(open.data?.leaverCases).toHaveLength(1);
    expect(open.data?.leaverCases[0]).toMatchObject({
      openedBy: "scim:okta",
      closedAt: null,
      user: { email, status: "ACTIVE" },
    });
    expect(open.data?.leaverCases[0]?.plan.wouldBreak.join(" ")).toContain("fines-prod");

    const reactivated = await scim("PATCH", `/Users/${id}`, oktaReactivate);
    expect(reactivated.body.active).toBe(true);
    expect((await api.gql(USER_LEAVER_CASE, { id })).data?.user).toEqual({
      leaverCase: null,
    });
    expect((await api.gql(LEAVER_CASES)).data?.leaverCases).toEqual([]);
    const closed = await api.gql(LEAVER_CASES, { open: false });
    expect(closed.data?.leaverCases[0]).toMatchObject({ resolution: "REACTIVATED", closedBy: "scim:okta" });

    const events = (await auditRows(db)).filter((e) => e.actorLabel === "scim:okta");
    expect(events.map((e) => e.action)).toEqual(["user.created", "leaver_case.opened", "leaver_case.closed"]);
    expect(new Set(events.map((e) => e.credentialKind))).toEqual(new Set(["SCIM"]));
  });

  it("PUT with active false opens the case; a second POST of the same userName answers 409 uniqueness", async () => {
    const { token } = await issueToken("okta");
    const scim = scimClient(api, token);
    const created = await scim("POST", "/Users", oktaCreate("put.user@agency.gov.example"));
    const again = await scim("POST", "/Users", oktaCreate("put.user@agency.gov.example"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
    const put = await scim("PUT", `/Users/${created.body.id}`, {
      ...oktaCreate("put.user@agency.gov.example"),
      id: created.body.id,
      name: { givenName: "Put", familyName: "User" },
      active: false,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Put User", active: false });
    expect((await api.gql(LEAVER_CASES)).data?.leaverCases).toHaveLength(1);
  });
});

describe("SCIM Users as Microsoft Entra sends them", () => {
  // Entra's documented requests (learn.microsoft.com, "Tutorial: Develop a sample SCIM endpoint").
  const entraCreate = (userName: string) => ({
    schemas: [
      "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName,
    active: true,
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
  });

  it('creates, renames by Replace ops, deactivates with the string "False", DELETEs, and offboardUser closes the case', async () => {
    const scim = scimClient(api, (await issueToken("entra")).token);
    const created = await scim("POST", "/Users", entraCreate("Entra.User@Agency.gov.example"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName: "entra.user@agency.gov.example",
      displayName: "givenName familyName",
    });
    const id = created.body.id as string;

    const renamed = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: "entra.user@agency.gov.example" },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Add", path: "externalId", value: "ignored-by-keyholder" },
      ],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe("givenName updatedFamilyName");

    const off = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(off.body.active).toBe(false);
    const on = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: true }],
    });
    expect(on.body.active).toBe(true);

    const deleted = await scim("DELETE", `/Users/${id}`);
    expect(deleted.status).toBe(204);
    const cases = await api.gql(LEAVER_CASES);
    expect(cases.data?.leaverCases.map((c) => c.openedBy)).toEqual(["scim:entra"]);

    const offboarded = await api.gql(OFFBOARD, { id });
    expect(offboarded.data?.offboardUser.errors).toEqual([]);
    expect((await api.gql(LEAVER_CASES)).data?.leaverCases).toEqual([]);
    const closed = await api.gql(LEAVER_CASES, { open: false });
    // Most recently closed first.
    expect(closed.data?.leaverCases.map((c) => c.resolution)).toEqual(["OFFBOARDED", "REACTIVATED"]);
    // A departed user stays departed: reactivation is refused.
    const back = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: true }],
    });
    expect(back.status).toBe(400);
    expect(back.body).toMatchObject({ schemas: [ERROR], status: "400", scimType: "mutability" });
  });
});

describe("SCIM authentication and errors", () => {
  it("refuses a missing, unknown or revoked token with 401 and a SCIM error; the token never reaches the log", async () => {
    const { id, token } = await issueToken("okta");
    for (const bad of [null, "not-a-token", `${token}x`]) {
      const res = await scimClient(api, bad)("GET", "/Users");
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: "401" });
      expect(res.headers["www-authenticate"]).toContain("Bearer");
    }
    // A personal access token is not a SCIM token.
    expect((await scimClient(api, (await api.tokenFor(Role.ADMIN)).token)("GET", "/Users")).status).toBe(401);
    expect((await scimClient(api, token)("GET", "/Users")).status).toBe(200);
    const spaced = await api.app.inject({
      method: "GET",
      url: "/scim/v2/Users",
      headers: { authorization: `bearer   ${token}` },
    });
    expect(spaced.statusCode).toBe(200);
    const revoked = await api.gql(REVOKE_TOKEN, { id });
    expect(revoked.data?.revokeScimToken.errors).toEqual([]);
    expect((await scimClient(api, token)("GET", "/Users")).status).toBe(401);
    // The name is free again for a new token; a live name cannot be issued twice.
    const renewed = await issueToken("okta");
    expect((await scimClient(api, renewed.token)("GET", "/Users")).status).toBe(200);
    const twice = await api.gql(ISSUE_TOKEN, { name: "okta" });
    expect(twice.data?.issueScimToken).toEqual({
      client: null,
      token: null,
      errors: [{ code: "BAD_USER_INPUT", field: "name" }],
    });
    const clients = await api.gql(SCIM_CLIENTS);
    expect(clients.data?.scimClients.map((c) => c.revokedAt === null)).toEqual([true, false]);
    expect(api.logLines.join("\n")).not.toContain(token);
  });

  it("only an ADMIN may issue SCIM tokens", async () => {
    const res = await api.as(Role.OPERATOR)(ISSUE_TOKEN, { name: "okta" });
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("answers bad requests with SCIM error bodies", async () => {
    const scim = scimClient(api, (await issueToken("okta")).token);
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, number, string | undefined][] = [
      ["not JSON", scim("POST", "/Users", "{not json"), 400, "invalidSyntax"],
      [
        "__proto__ key",
        scim("POST", "/Users", '{"userName":"proto@agency.gov.example","__proto__":{"active":false}}'),
        400,
        "invalidSyntax",
      ],
      ["unsupported filter", scim("GET", `/Users?${filter('title co "x"')}`), 400, "invalidFilter"],
      ["filter operator", scim("GET", `/Users?${filter('userName sw "x"')}`), 400, "invalidFilter"],
      ["no userName", scim("POST", "/Users", { schemas: [], name: { formatted: "x" } }), 400, "invalidValue"],
      ["userName not an email", scim("POST", "/Users", { userName: "jdoe" }), 400, "invalidValue"],
      ["unknown user", scim("GET", "/Users/00000000-0000-4000-8000-000000000000"), 404, undefined],
      ["not an id", scim("GET", "/Users/abc"), 404, undefined],
      [
        "bad op",
        scim("PATCH", "/Users/00000000-0000-4000-8000-000000000000", { Operations: [{ op: "move" }] }),
        400,
        "invalidSyntax",
      ],
      ["startIndex", scim("GET", "/Users?startIndex=x"), 400, "invalidValue"],
    ];
    for (const [what, pending, status, scimType] of cases) {
      const res = await pending;
      expect({ what, status: res.status }).toEqual({ what, status });
      expect(res.body.schemas).toEqual([ERROR]);
      expect(res.body.status).toBe(String(status));
      expect(res.body.scimType).toBe(scimType);
      expect(typeof res.body.detail).toBe("string");
    }
    // A refused request changed nothing and recorded nothing.
    expect((await auditRows(db)).filter((e) => e.actorLabel.startsWith("scim:"))).toEqual([]);
  });

  it("serves the discovery endpoints", async () => {
    const scim = scimClient(api, (await issueToken("okta")).token);
    const config = await scim("GET", "/ServiceProviderConfig");
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
    const schemas = await scim("GET", "/Schemas");
    expect(schemas.body.totalResults).toBe(3);
  });
});

describe("automatic completion (SCIM_AUTO_COMPLETE_EXACT)", () => {
  it("completes a case whose every key has an exact-match successor, as the SCIM client; leaves others open", async () => {
    const auto = await createTestApi(db, { scim: { token: "t".repeat(40), autoCompleteExact: true } });
    try {
      const scim = scimClient(auto, "t".repeat(40));
      const f = factories(db.em());
      const fines = await f.service({ slug: "fines" });
      const parking = await f.service({ slug: "parking" });
      const covered = await f.user({ email: "covered@agency.gov.example" });
      const uncovered = await f.user({ email: "uncovered@agency.gov.example" });
      const colleague = await f.user({ email: "colleague@agency.gov.example" });
      const team = await f.group({ email: "fines-team@agency.gov.example" }, [covered, colleague]);
      await f.collaborator(fines, team, CollaboratorRole.BILLING);
      await f.collaborator(fines, covered, CollaboratorRole.BILLING);
      const key = await f.key(covered, { name: "covered-key" });
      await f.collaborator(parking, uncovered, CollaboratorRole.BILLING);
      await f.key(uncovered, { name: "uncovered-key" });

      for (const user of [covered, uncovered]) {
        const res = await scim("PATCH", `/Users/${user.id}`, oktaDeactivate);
        expect(res.status).toBe(200);
      }
      const open = await api.gql(LEAVER_CASES);
      expect(open.data?.leaverCases.map((c) => c.user.email)).toEqual(["uncovered@agency.gov.example"]);
      const closed = await api.gql(LEAVER_CASES, { open: false });
      expect(closed.data?.leaverCases[0]).toMatchObject({
        resolution: "OFFBOARDED",
        user: { email: "covered@agency.gov.example", status: "DEPARTED" },
      });
      const moved = await api.gql(KEY_HOLDER, { id: key.id });
      expect(moved.data?.apiKey).toEqual({
        holder: { email: "fines-team@agency.gov.example" },
        worksOn: [{ slug: "fines" }],
      });
      const offboarded = (await auditRows(db)).find((e) => e.action === "user.offboarded");
      expect(offboarded?.actorLabel).toBe("scim:configured");
    } finally {
      await auto.close();
    }
  });
});

describe("SCIM Users: what a request leaves out, and filters on emails", () => {
  it("a PUT that leaves active out keeps the user inactive and their leaver case open", async () => {
    const scim = scimClient(api, (await issueToken("okta")).token);
    const created = await scim("POST", "/Users", oktaCreate("quiet.put@agency.gov.example"));
    const id = created.body.id as string;
    expect((await scim("PATCH", `/Users/${id}`, oktaDeactivate)).body.active).toBe(false);
    const { active: _, ...withoutActive } = oktaCreate("quiet.put@agency.gov.example");
    const put = await scim("PUT", `/Users/${id}`, {
      ...withoutActive,
      name: { givenName: "Quiet", familyName: "Put" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: "Quiet Put", active: false });
    expect((await api.gql(LEAVER_CASES)).data?.leaverCases).toHaveLength(1);
    // Asserted, it still reactivates.
    const back = await scim("PUT", `/Users/${id}`, { ...withoutActive, active: true });
    expect(back.body.active).toBe(true);
    expect((await api.gql(LEAVER_CASES)).data?.leaverCases).toEqual([]);
  });

  it("a PATCH that replaces name with only givenName keeps the family name", async () => {
    const scim = scimClient(api, (await issueToken("okta")).token);
    const created = await scim("POST", "/Users", oktaCreate("two.parts@agency.gov.example"));
    expect(created.body.displayName).toBe("Test User");
    const patched = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "name", value: { givenName: "Best" } }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.displayName).toBe("Best User");
    const noPath = await scim("PATCH", `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { name: { familyName: "Person" } } }],
    });
    expect(noPath.body.displayName).toBe("Best Person");
  });

  it('finds a user by emails[type eq "work"].value, the filter Entra can match on', async () => {
    const scim = scimClient(api, (await issueToken("entra")).token);
    const created = await scim("POST", "/Users", oktaCreate("mail.match@agency.gov.example"));
    const found = await scim(
      "GET",
      `/Users?${filter('emails[type eq "work"].value eq "Mail.Match@agency.gov.example"')}`,
    );
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(created.body.id);
  });
});

describe("SCIM resource locations", () => {
  it("point at KEYHOLDER_PUBLIC_URL when it is set, whatever Host the request came with", async () => {
    const token = "location-scim-token-".padEnd(40, "l");
    const server = await createTestApi(db, { scim: { token, publicUrl: "https://keyholder.example" } });
    try {
      const res = await server.app.inject({
        method: "POST",
        url: "/scim/v2/Users",
        headers: {
          authorization: `Bearer ${token}`,
          host: "attacker.example",
          "content-type": "application/scim+json",
        },
        payload: JSON.stringify(oktaCreate("located@agency.gov.example")),
      });
      expect(res.statusCode).toBe(201);
      const id = JSON.parse(res.body).id as string;
      expect(res.headers.location).toBe(`https://keyholder.example/scim/v2/Users/${id}`);
      expect(JSON.parse(res.body).meta.location).toBe(`https://keyholder.example/scim/v2/Users/${id}`);
    } finally {
      await server.close();
    }
  });
});
