import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { demoIds, mainScreens, open } from "./screens.js";
import { type ConsoleUnderTest, expectAccessible, screenshot, startConsole } from "./support.js";

/** Buttons and links that change something; a VIEWER must see none of them. */
const WRITE_ACTION =
  /^(new key|new user|new group email|new service|edit|rotate|revoke|reassign|add member|remove|add collaborator|archive|restore|offboard|reset console password|console access|change role)/i;

describe("every main screen", () => {
  let kh: ConsoleUnderTest;

  beforeAll(async () => {
    kh = await startConsole(inject("pgAdminUrl"));
  });
  afterAll(async () => {
    await kh?.stop();
  });

  it("passes axe-core with no serious or critical violation, and is saved as a screenshot", async () => {
    const { context, page } = await kh.signedIn("admin");
    for (const [name, path] of mainScreens(await demoIds(kh.base, context))) {
      await open(page, path);
      await screenshot(page, name);
      await expectAccessible(page, name);
    }
    await context.close();
  });

  it("runs a query in the bundled API explorer on the signed-in session, with its editor workers", async () => {
    const { context, page } = await kh.signedIn("viewer");
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(new URL(worker.url()).pathname));
    const external: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(kh.base)) external.push(request.url());
    });
    await open(page, "/explorer");
    await page
      .getByRole("button", { name: /execute query/i })
      .first()
      .click();
    await page.locator(".graphiql-response").getByText('"holderByEmail"').waitFor();
    expect(workers.some((w) => w.startsWith("/assets/") && w.includes("worker"))).toBe(true);
    expect(external).toEqual([]);
    await context.close();
  });

  it("shows a VIEWER no write action anywhere, and no offboarding", async () => {
    const { context, page } = await kh.signedIn("viewer");
    const nav = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
    expect(nav).not.toContain("Offboarding");
    expect(nav).toContain("API keys");
    for (const [name, path] of mainScreens(await demoIds(kh.base, context))) {
      if (name === "explorer") continue;
      await open(page, path);
      const main = page.locator("main");
      const actions = [
        ...(await main.getByRole("button").allTextContents()),
        ...(await main.getByRole("link").allTextContents()),
      ].map((t) => t.trim());
      expect(
        actions.filter((t) => WRITE_ACTION.test(t)),
        `write actions on ${name}`,
      ).toEqual([]);
      if (name === "offboarding")
        await main
          .getByText(/OPERATOR/)
          .first()
          .waitFor();
    }
    await context.close();
  });
});
