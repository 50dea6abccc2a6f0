import { describe, expect, it } from "vitest";
import { demoIds, mainScreens, open } from "./screens.js";
import { expectAccessible, LAPTOP, PHONE, screenshot, useConsole } from "./support.js";

/** Buttons and links that change something; a VIEWER must see none of them. */
const WRITE_ACTION =
  /^(new key|new user|new group email|new service|edit|rotate|revoke|reassign|add member|remove|add collaborator|archive|restore|offboard|reset console password|console access|change role)/i;

describe("every main screen", () => {
  const kh = useConsole();

  // Every main screen, the dialogs that show secrets and the reassign preview, at a phone's and a laptop's width, in
  // both colour schemes: no axe violation of any impact. The light ones are saved as screenshots.
  for (const [width, viewport] of [
    ["390", PHONE],
    ["1280", LAPTOP],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`passes axe-core with no violation at all at ${width} px, ${colorScheme}, dialogs open included`, async () => {
        const { context, page } = await kh.signedIn("admin", { viewport, colorScheme });
        const view = `${width} px ${colorScheme}`;
        const shot = (name: string) =>
          colorScheme === "light" ? screenshot(page, width === "390" ? `${name}-phone` : name) : Promise.resolve();
        const ids = await demoIds(kh.base, context);
        for (const [name, path] of mainScreens(ids)) {
          await open(page, path);
          await shot(name);
          await expectAccessible(page, `${name} at ${view}`, { everyImpact: true });
        }

        await open(page, "/keys");
        await page.getByRole("button", { name: "New key" }).click();
        const dialog = page.getByRole("dialog", { name: "New API key" });
        await dialog.getByRole("button", { name: "Create key" }).click();
        await dialog.getByText("Name the key after what uses it").waitFor();
        await expectAccessible(page, `new key, empty submit, at ${view}`, { everyImpact: true });
        await dialog.getByRole("textbox", { name: "Name" }).fill(`axe ${view}`);
        await dialog.getByRole("combobox", { name: "Holder" }).fill("payments-ops");
        await page.getByRole("option", { name: /payments-ops@/ }).click();
        await dialog.getByRole("button", { name: "Create key" }).click();
        const created = page.getByRole("dialog", { name: "Key created" });
        await created.getByTestId("secret").waitFor();
        await expectAccessible(page, `new key's secret at ${view}`, { everyImpact: true });
        await page.keyboard.press("Escape");
        await created.getByText("Close anyway? It cannot be shown again.").waitFor();
        await shot("key-secret-close-guard");
        await expectAccessible(page, `new key's close guard at ${view}`, { everyImpact: true });
        await created.getByRole("button", { name: "Close anyway" }).click();
        await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

        await open(page, `/keys/${ids.key}`);
        await page.getByRole("button", { name: "Rotate" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Rotate key" }).waitFor();
        await expectAccessible(page, `rotate dialog at ${view}`, { everyImpact: true });
        await page.keyboard.press("Escape");
        await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
        // The reassign preview's warnings (services lost or gained) in both schemes.
        await page.getByRole("button", { name: "Reassign" }).click();
        const reassign = page.getByRole("dialog");
        await reassign.getByRole("combobox", { name: "New holder" }).fill("team");
        await page.getByRole("option", { name: /team@/ }).first().click();
        await reassign.getByLabel("Keep access").uncheck();
        await reassign.getByText(/After the move/).waitFor();
        await expectAccessible(page, `reassign preview at ${view}`, { everyImpact: true });
        await page.keyboard.press("Escape");
        await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

        await open(page, "/tokens");
        await page.getByRole("button", { name: "New token" }).click();
        await page.getByRole("dialog", { name: "New access token" }).waitFor();
        await expectAccessible(page, `new token dialog at ${view}`, { everyImpact: true });
        await context.close();
        // A dozen screens and five dialog states, each loaded and checked: minutes on a busy machine.
      }, 600_000);
    }
  }

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
          .getByText(/Operator/)
          .first()
          .waitFor();
    }
    await context.close();
  });
});
