import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { graphql } from "../e2e/support.js";
import { type ConsoleUnderTest, expectAccessible, PHONE, screenshot, startConsole } from "./support.js";

const LEGACY = "sk_live_51HxConsoleImportedSecret";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("the Import screen", () => {
  let kh: ConsoleUnderTest;
  let dir: string;

  beforeAll(async () => {
    kh = await startConsole(inject("pgAdminUrl"));
    dir = await mkdtemp(join(tmpdir(), "keyholder-import-browser-"));
  });
  afterAll(async () => {
    await kh?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("uploads CSV files, shows each row of the dry run, refuses to apply a bad file, then applies a good one", async () => {
    const { context, page } = await kh.signedIn("operator");
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const users = join(dir, "users.csv");
    const keys = join(dir, "keys.csv");
    await writeFile(users, "email,name,status,departedAt\nimported.one@agency.gov.example,Imported One,ACTIVE,\n");
    await writeFile(
      keys,
      `name,environment,holder,secretSha256,prefix\nlegacy key,PRODUCTION,imported.one@agency.gov.example,${sha(LEGACY)},sk_live_51Hx\nuntraced key,STAGING,nobody@agency.gov.example,,\n`,
    );

    await page.goto("/import");
    await page.getByRole("heading", { level: 1, name: "Import" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles([users, keys]);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.getByText("1 row(s) refused").waitFor();
    const rows = page.getByRole("table", { name: "Rows of the file" });
    await expect.poll(() => rows.getByText("HOLDER_NOT_FOUND").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
    await screenshot(page, "import-refused");
    await expectAccessible(page, "import with a refused row");

    // Fixed (a new file: the browser holds on to the one it read): the dry run lists every row,
    // changes nothing, and Apply becomes possible.
    await mkdir(join(dir, "fixed"));
    const fixedUsers = join(dir, "fixed", "users.csv");
    const fixedKeys = join(dir, "fixed", "keys.csv");
    await writeFile(fixedUsers, await readFile(users, "utf8"));
    await writeFile(
      fixedKeys,
      `name,environment,holder,secretSha256,prefix\nlegacy key,PRODUCTION,imported.one@agency.gov.example,${sha(LEGACY)},sk_live_51Hx\nuntraced key,STAGING,imported.one@agency.gov.example,,\n`,
    );
    await page.locator('input[type="file"]').setInputFiles([fixedUsers, fixedKeys]);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.getByText("Dry run: nothing changed yet").waitFor();
    await expect.poll(() => rows.getByText("created").count()).toBe(3);
    const before = await graphql(
      kh.base,
      `{ holderByEmail(email: "imported.one@agency.gov.example") { id } }`,
      {},
      { cookie },
    );
    expect(before.body.data.holderByEmail).toBeNull();

    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
    await page.getByText("Imported", { exact: true }).waitFor();
    await screenshot(page, "import-applied");
    const after = await graphql(
      kh.base,
      `{ holderByEmail(email: "imported.one@agency.gov.example") { keys(first: 10) { nodes { id name verifiable } } } }`,
      {},
      { cookie },
    );
    const imported = after.body.data.holderByEmail.keys.nodes as { id: string; name: string; verifiable: boolean }[];
    expect(imported.map((k) => `${k.name}:${k.verifiable}`).sort()).toEqual(["legacy key:true", "untraced key:false"]);

    // The key imported without a digest says so on its page.
    const untraced = imported.find((k) => !k.verifiable);
    await page.goto(`/keys/${untraced?.id}`);
    await page.getByText("Cannot be verified here").waitFor();

    // The same file again: every row unchanged.
    await page.goto("/import");
    await page.locator('input[type="file"]').setInputFiles([fixedUsers, fixedKeys]);
    await page.getByRole("button", { name: "Check (dry run)" }).click();
    await page.getByText("Dry run: nothing changed yet").waitFor();
    await expect.poll(() => rows.getByText("unchanged").count()).toBe(3);
    await context.close();
  });

  it("is in the navigation for an OPERATOR, not for a VIEWER, and fits a phone", async () => {
    const viewer = await kh.signedIn("viewer");
    expect(await viewer.page.getByRole("link", { name: "Import" }).count()).toBe(0);
    await viewer.context.close();
    const { context, page } = await kh.signedIn("operator", { viewport: PHONE });
    await page.goto("/import");
    await page.getByRole("heading", { level: 1, name: "Import" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, "import on a phone");
    await context.close();
  });
});
