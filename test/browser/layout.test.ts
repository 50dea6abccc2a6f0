import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { graphql } from "../e2e/support.js";
import { open } from "./screens.js";
import { LAPTOP, PHONE, screenshot, useConsole } from "./support.js";

/** Whether the page is wider than the window, i.e. scrolls sideways. */
const overflows = (page: Page) =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) > window.innerWidth);

/** Every badge inside the named table whose word is cut (an ellipsis), by its text. */
const cutBadges = (page: Page, table: string) =>
  page
    .getByRole("table", { name: table })
    .locator(".mantine-Badge-label")
    .evaluateAll((labels) =>
      labels
        .filter(
          (l) =>
            l.scrollWidth > l.clientWidth || (l.parentElement?.scrollWidth ?? 0) > (l.parentElement?.clientWidth ?? 0),
        )
        .map((l) => l.textContent),
    );

describe("the console fits the screen", () => {
  const kh = useConsole();

  it("on a phone, the ☰ menu holds the account, the role and Sign out, and signing out works", async () => {
    const { context, page } = await kh.signedIn("operator", { viewport: PHONE });
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    // The header has no room for the account on a phone: it is hidden there.
    expect(await page.getByTestId("account-email").isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    const account = page.getByRole("group", { name: "Your account" });
    await account.getByText("console-operator@example.org").waitFor();
    await account.getByText("OPERATOR", { exact: true }).waitFor();
    await screenshot(page, "phone-menu");
    await account.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await context.close();
  });

  it("on a phone, a holder page with a long email does not scroll sideways, nor does a key page", async () => {
    const { context, page } = await kh.signedIn("operator", { viewport: PHONE });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const email = "agency-finance-and-procurement-shared-services-team@transport.gov.example";
    const res = await graphql(
      kh.base,
      "mutation($i: CreateGroupEmailInput!) { createGroupEmail(input: $i) { groupEmail { id } errors { code } } }",
      { i: { email, name: "Finance and procurement shared services" } },
      { cookie },
    );
    const id = res.body.data.createGroupEmail.groupEmail.id as string;
    await open(page, `/holders/${id}`);
    await page.getByRole("heading", { level: 1, name: email }).waitFor();
    await screenshot(page, "phone-holder-long-email");
    expect(await overflows(page)).toBe(false);
    expect(await page.locator("main").getByRole("link", { name: "Holders" }).getAttribute("href")).toBe("/holders");

    // A key with a history (its creation) to scroll through.
    const created = await graphql(
      kh.base,
      "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } errors { code } } }",
      { i: { name: "finance backend", environment: "STAGING", holderId: id, lifespan: "DAYS_90" } },
      { cookie },
    );
    await open(page, `/keys/${created.body.data.createApiKey.apiKey.id}`);
    expect(await overflows(page)).toBe(false);
    // The history scrolls on its own, and a keyboard can reach it.
    const history = page.getByRole("region", { name: /History of this key/ });
    expect(await history.getAttribute("tabindex")).toBe("0");
    await context.close();
  });

  it("on a phone, the API explorer's editor takes the width of the screen", async () => {
    const { context, page } = await kh.signedIn("viewer", { viewport: PHONE });
    await open(page, "/explorer");
    const editor = page.locator(".graphiql-editors").first();
    await editor.waitFor();
    const width = (await editor.boundingBox())?.width ?? 0;
    await screenshot(page, "phone-explorer");
    expect(width).toBeGreaterThan(PHONE.width * 0.75);
    await context.close();
  });

  it("at 1280 px, no Environment or Status badge is cut in the keys list, a group's keys or an offboarding", async () => {
    const { context, page } = await kh.signedIn("operator", { viewport: LAPTOP });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const ids = await graphql(
      kh.base,
      `{ groupEmails(first: 50) { nodes { id keys(first: 0) { totalCount } } }
         users(first: 100, filter: { status: ACTIVE }) { nodes { id email keys(first: 0) { totalCount } } } }`,
      {},
      { cookie },
    );
    const group = ids.body.data.groupEmails.nodes.find((g: { keys: { totalCount: number } }) => g.keys.totalCount > 0);
    const leaver = ids.body.data.users.nodes.find(
      (u: { email: string; keys: { totalCount: number } }) => u.keys.totalCount > 0 && !u.email.startsWith("console-"),
    );

    await open(page, "/keys");
    expect(await page.getByRole("table", { name: "API keys" }).locator(".mantine-Badge-root").count()).toBeGreaterThan(
      0,
    );
    expect(await cutBadges(page, "API keys")).toEqual([]);
    await screenshot(page, "keys");

    await open(page, `/holders/${group.id}`);
    const groupKeys = page.getByRole("table", { name: /^Keys held by/ });
    await groupKeys.waitFor();
    expect(await cutBadges(page, (await groupKeys.getAttribute("aria-label")) ?? "")).toEqual([]);

    await open(page, `/offboarding?user=${leaver.id}`);
    const planned = page.getByRole("table", { name: "The leaver's keys" });
    await planned.waitFor();
    expect(await cutBadges(page, "The leaver's keys")).toEqual([]);
    await context.close();
  });
});
