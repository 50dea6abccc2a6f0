import { describe, expect, it } from "vitest";
import { apiAs, expectAccessible, screenshot, useConsole } from "./support.js";

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("leavers reported over SCIM wait in the console's offboarding queue", () => {
  const kh = useConsole();

  it("a deactivation shows on the overview and in the queue, which opens that leaver's offboarding", async () => {
    const { context, page } = await kh.signedIn("admin");
    const gql = apiAs(kh.base, context);
    const issued = await gql(`mutation { issueScimToken(input: { name: "okta" }) { token errors { code } } }`);
    const token = issued.issueScimToken.token as string;
    const scim = (method: string, path: string, body?: unknown) =>
      fetch(`${kh.base}/scim/v2${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    // A demo user who holds keys, found and deactivated as Okta does it.
    const users = await gql(
      "{ users(first: 100, filter: { status: ACTIVE }) { nodes { email keys(first: 0) { totalCount } } } }",
    );
    const leaver = users.users.nodes.find(
      (u: { email: string; keys: { totalCount: number } }) => u.keys.totalCount > 0 && !u.email.startsWith("console-"),
    );
    expect(leaver, "a demo user with keys").toBeDefined();
    const found = await (
      await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${leaver.email}"`)}`)
    ).json();
    expect(found.totalResults).toBe(1);
    const id = found.Resources[0].id as string;
    const patched = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(patched.status).toBe(200);

    await page.goto("/");
    const card = page.getByRole("region", { name: "Leavers waiting" });
    await expect.poll(() => card.getByTestId("leavers-waiting-count").textContent()).toBe("1");
    await card.getByRole("link", { name: "Open the offboarding queue" }).click();

    const queue = page.getByRole("region", { name: "Leavers waiting (1)" });
    await queue.waitFor();
    const item = queue.getByRole("listitem", { name: `Leaver ${leaver.email}` });
    await expect.poll(() => item.textContent()).toContain("by scim:okta");
    await expectAccessible(page, "offboarding queue");
    await screenshot(page, "offboarding-queue");

    await item.getByRole("button", { name: `Plan the offboarding of ${leaver.email}` }).click();
    await page.waitForURL(`**/offboarding?user=${id}`);
    await page.getByRole("button", { name: "Next: decide per key" }).waitFor();
    await context.close();
  });
});
