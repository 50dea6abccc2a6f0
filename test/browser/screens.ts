import type { BrowserContext, Page } from "playwright-core";
import { graphql } from "../e2e/support.js";

/** Ids of demo records to open detail screens on, read through the API with the browser's session. */
export async function demoIds(base: string, context: BrowserContext) {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const res = await graphql(
    base,
    `{ apiKeys(first: 1, filter: { status: ACTIVE, environment: PRODUCTION, holderKind: GROUP }) { nodes { id } }
       groupEmails(first: 1) { nodes { id } }
       users(first: 1, filter: { status: ACTIVE }) { nodes { id } }
       services(first: 1) { nodes { id } } }`,
    {},
    { cookie },
  );
  const data = res.body.data;
  return {
    key: data.apiKeys.nodes[0].id as string,
    group: data.groupEmails.nodes[0].id as string,
    user: data.users.nodes[0].id as string,
    service: data.services.nodes[0].id as string,
  };
}

/** Every main screen of the console, by name and path. */
export function mainScreens(ids: Awaited<ReturnType<typeof demoIds>>): [string, string][] {
  return [
    ["overview", "/"],
    ["keys", "/keys"],
    ["key", `/keys/${ids.key}`],
    ["holders", "/holders"],
    ["holder-group", `/holders/${ids.group}`],
    ["holder-user", `/holders/${ids.user}`],
    ["services", "/services"],
    ["service", `/services/${ids.service}`],
    ["offboarding", `/offboarding?user=${ids.user}`],
    ["audit", "/audit"],
    ["tokens", "/tokens"],
    ["explorer", "/explorer"],
  ];
}

/** Opens a screen and waits until it has rendered its data (its h1 shown, no loader left). */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForLoadState("networkidle");
  await page
    .locator('[aria-busy="true"]')
    .first()
    .waitFor({ state: "detached", timeout: 15_000 })
    .catch(() => {});
}
