import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test-support/database.js";
import { factories } from "../../test-support/factories.js";
import { createTestApi, type TestApi } from "../../test-support/graphql.js";
import { Role } from "../auth/role.js";
import { csvField } from "./csv.js";

let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db);
});
afterAll(async () => {
  await api.close();
  await db.drop();
});
beforeEach(() => db.reset());

async function download(headers: Record<string, string>) {
  return api.app.inject({ method: "GET", url: "/v1/exports/keys.csv", headers });
}

describe("GET /v1/exports/keys.csv", () => {
  it("needs a signed-in caller of any role", async () => {
    expect((await download({})).statusCode).toBe(401);
    expect((await download({ authorization: "Bearer khp_nonsense" })).statusCode).toBe(401);
    const { token } = await api.tokenFor(Role.VIEWER);
    expect((await download({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });

  it("lists every key with holder, status and the services it works on, safely quoted", async () => {
    const f = factories(db.em());
    const team = await f.group({ email: "team@agency.gov.example" });
    const fines = await f.service({ slug: "fines" });
    const permits = await f.service({ slug: "permits" });
    await f.collaborator(fines, team);
    await f.collaborator(permits, team);
    const tricky = await f.key(team, { name: '=HYPERLINK("http://evil"), "quoted"' });
    const revoked = await f.key(team, { name: "old", revokedAt: new Date(), revokedReason: "x" });
    const { token } = await api.tokenFor(Role.VIEWER);
    const response = await download({ authorization: `Bearer ${token}` });
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toMatch(
      /attachment; filename="keyholder-keys-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = response.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "key_id,name,environment,status,prefix,holder,holder_kind,holder_status,works_on,last_used_at,expires_at",
    );
    const trickyLine = lines.find((l) => l.startsWith(tricky.id));
    expect(trickyLine).toContain(`"'=HYPERLINK(""http://evil""), ""quoted"""`);
    expect(trickyLine).toContain(",ACTIVE,");
    expect(trickyLine).toContain(",team@agency.gov.example,GROUP,,fines;permits,");
    expect(lines.find((l) => l.startsWith(revoked.id))).toContain(",REVOKED,");
    expect(response.body).not.toMatch(/kh_(live|test)_\w{36}/);
  });

  it("streams thousands of keys, one line each", async () => {
    const f = factories(db.em());
    const holder = await f.user();
    await f.keys(Array.from({ length: 2500 }, (_, i) => ({ holder, name: `bulk ${i}` })));
    const { token } = await api.tokenFor(Role.VIEWER);
    const response = await download({ authorization: `Bearer ${token}` });
    expect(response.body.trimEnd().split("\r\n")).toHaveLength(2501);
  });
});

describe("csvField", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2030-01-02T03:04:05.000Z"))).toBe("2030-01-02T03:04:05.000Z");
  });
});
