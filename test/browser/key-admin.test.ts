import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { graphql } from "../e2e/support.js";
import { open } from "./screens.js";
import {
  type ConsoleUnderTest,
  expectAccessible,
  LAPTOP,
  PHONE,
  screenshot,
  useConsole,
  type ViewOptions,
} from "./support.js";

/** Every width and colour scheme the new dialogs are checked at. */
const VIEWS: [string, ViewOptions][] = [
  ["1280-light", { viewport: LAPTOP, colorScheme: "light" }],
  ["1280-dark", { viewport: LAPTOP, colorScheme: "dark" }],
  ["390-light", { viewport: PHONE, colorScheme: "light" }],
  ["390-dark", { viewport: PHONE, colorScheme: "dark" }],
];

const ROWS = 'table[aria-label="API keys"] tbody tr';

/** A test that signs in at every view and runs axe on each dialog state there: room for a loaded machine. */
const EVERY_VIEW_MS = 360_000;

/** The API as the browser's signed-in account. */
function apiOf(kh: ConsoleUnderTest, context: BrowserContext) {
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const res = await graphql(kh.base, query, variables, { cookie });
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
}

/**
 * At every view: opens `path`, presses `button`, waits for its confirmation `dialog` to say
 * `text`, runs axe on it (named `label` and the view), and cancels.
 */
async function checkConfirmationAtEveryView(
  kh: ConsoleUnderTest,
  path: string,
  button: string,
  dialog: string,
  text: RegExp,
  label: string,
): Promise<void> {
  for (const [name, view] of VIEWS) {
    const viewed = await kh.signedIn("operator", view);
    await open(viewed.page, path);
    await viewed.page.getByRole("button", { name: button }).click();
    const confirmation = viewed.page.getByRole("dialog", { name: dialog });
    await confirmation.getByText(text).waitFor();
    await expectAccessible(viewed.page, `${label}, ${name}`, { everyImpact: true });
    await confirmation.getByRole("button", { name: "Cancel" }).click();
    await viewed.context.close();
  }
}

/** The names in the list's rows, top to bottom. */
const rowNames = (page: Page) => page.locator(`${ROWS} td:nth-child(2) a`).allTextContents();

/** "1–50 of 123 keys" → 123 */
async function listedCount(page: Page): Promise<number> {
  const text = (await page.getByText(/^\d[\d,]*–\d[\d,]* of [\d,]+ keys?$/).textContent()) ?? "";
  return Number(text.replace(/.* of ([\d,]+) keys?$/, "$1").replace(/,/g, ""));
}

describe("the keys list answers what admins ask, and keys can be held back", () => {
  const kh = useConsole();

  it("sorts by a column and filters by holder email, service and holder status, all in the URL", async () => {
    const { context, page } = await kh.signedIn("operator", { viewport: LAPTOP });
    const api = apiOf(kh, context);
    await open(page, "/keys");
    await page.getByRole("button", { name: "Key", exact: true }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("?sort=name&dir=asc");
    await expect
      .poll(async () => {
        const names = await rowNames(page);
        return (
          names.length > 1 && names.every((n, i) => i === 0 || (names[i - 1] ?? "").toLowerCase() <= n.toLowerCase())
        );
      })
      .toBe(true);
    expect(await page.getByRole("columnheader", { name: /^Key/ }).getAttribute("aria-sort")).toBe("ascending");
    await page.getByRole("button", { name: "Key", exact: true }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("?sort=name&dir=desc");
    // The sort survives a reload: it is in the URL.
    await page.reload();
    await page.locator(ROWS).first().waitFor();
    expect(await page.getByRole("columnheader", { name: /^Key/ }).getAttribute("aria-sort")).toBe("descending");

    // The holder's email finds their keys.
    const { apiKeys } = await api("{ apiKeys(first: 1, filter: { holderKind: USER }) { nodes { holder { email } } } }");
    const email = apiKeys.nodes[0].holder.email as string;
    const expected = await api("query($q: String) { apiKeys(filter: { search: $q }) { totalCount } }", { q: email });
    await open(page, "/keys");
    await page.getByRole("textbox", { name: "Search" }).fill(email);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(email);
    await expect.poll(() => listedCount(page)).toBe(expected.apiKeys.totalCount);

    // A service, from the picker.
    const { services } = await api("{ services(first: 1, filter: { archived: false }) { nodes { id slug } } }");
    const service = services.nodes[0] as { id: string; slug: string };
    const working = await api("query($s: ID) { apiKeys(filter: { worksOnServiceId: $s }) { totalCount } }", {
      s: service.id,
    });
    await open(page, "/keys");
    const picker = page.getByRole("search", { name: "Filter keys" }).getByRole("combobox", { name: "Works on" });
    await picker.click();
    await picker.fill(service.slug);
    await page.getByRole("option", { name: service.slug, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("service")).toBe(service.id);
    await expect.poll(() => listedCount(page)).toBe(working.apiKeys.totalCount);

    // Departed holders only.
    await open(page, "/keys?holderStatus=DEPARTED");
    const notes = await page.locator(`${ROWS} td:nth-child(5)`).allTextContents();
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toContain("departed");
    await expectAccessible(page, "keys filtered by holder status", { everyImpact: true });
    await screenshot(page, "keys-sorted-filtered");
    await context.close();
  });

  it("the overview's production-keys card opens exactly its items", async () => {
    const { context, page } = await kh.signedIn("viewer", { viewport: LAPTOP });
    const api = apiOf(kh, context);
    const { risks } = await api("{ risks { productionKeysHeldByIndividuals { count } } }");
    const count = risks.productionKeysHeldByIndividuals.count as number;
    expect(count).toBeGreaterThan(0);
    await open(page, "/");
    const card = page.getByRole("region", { name: "Production keys held by individuals" });
    await card.getByRole("link", { name: `See all ${count} in the keys list` }).click();
    await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
    await expect.poll(() => listedCount(page)).toBe(count);
    await context.close();
  });

  it(
    "revokes and reassigns several keys at once, with the dialogs accessible in every view",
    async () => {
      const { context, page } = await kh.signedIn("operator", { viewport: LAPTOP });
      const api = apiOf(kh, context);
      // Four fresh keys of one group, so nothing else in the demo data changes.
      const { groupEmails } = await api("{ groupEmails(first: 2) { nodes { id email } } }");
      const [from, to] = groupEmails.nodes as { id: string; email: string }[];
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4]) {
        const { createApiKey } = await api(
          "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } errors { code } } }",
          { i: { name: `bulk-${n}`, environment: "STAGING", holderId: from?.id, lifespan: "DAYS_90" } },
        );
        ids.push(createApiKey.apiKey.id);
      }
      for (const [name, view] of VIEWS) {
        const viewed = await kh.signedIn("operator", view);
        await open(viewed.page, "/keys?q=bulk-&sort=name&dir=asc");
        await viewed.page.getByRole("checkbox", { name: "Select bulk-1" }).check();
        await viewed.page.getByRole("checkbox", { name: "Select bulk-2" }).check();
        await viewed.page.getByRole("button", { name: "Reassign selected" }).click();
        const move = viewed.page.getByRole("dialog", { name: "Reassign 2 keys" });
        // The holder picker has focus and its list open: submit from the keyboard, as its list covers the button.
        await move.getByRole("button", { name: "Reassign 2 keys" }).focus();
        await viewed.page.keyboard.press("Enter");
        await move.getByText("Choose who should hold the keys").waitFor();
        await expectAccessible(viewed.page, `bulk reassign, empty submit, ${name}`, { everyImpact: true });
        await move.getByRole("combobox", { name: "New holder" }).fill(to?.email ?? "");
        await viewed.page.getByRole("option", { name: new RegExp(to?.email ?? "") }).click();
        await move.getByText("What the move would do").waitFor();
        await move
          .locator('[aria-busy="false"]')
          .getByText(/would|keep working/)
          .first()
          .waitFor();
        await expectAccessible(viewed.page, `bulk reassign preview, ${name}`, { everyImpact: true });
        if (name === "1280-light") await screenshot(viewed.page, "bulk-reassign-preview");
        await move.getByRole("button", { name: "Cancel" }).click();
        await viewed.page.getByRole("button", { name: "Revoke selected" }).click();
        const revoke = viewed.page.getByRole("dialog", { name: "Revoke 2 keys?" });
        await revoke.getByRole("button", { name: "Revoke 2 keys" }).click();
        await revoke.getByText("Say why the keys are revoked").waitFor();
        await expectAccessible(viewed.page, `bulk revoke, empty submit, ${name}`, { everyImpact: true });
        await revoke.getByRole("button", { name: "Cancel" }).click();
        await viewed.context.close();
      }

      await open(page, "/keys?q=bulk-&sort=name&dir=asc");
      for (const n of [1, 2]) await page.getByRole("checkbox", { name: `Select bulk-${n}` }).check();
      await page.getByRole("button", { name: "Reassign selected" }).click();
      const move = page.getByRole("dialog", { name: "Reassign 2 keys" });
      await move.getByRole("combobox", { name: "New holder" }).fill(to?.email ?? "");
      await page.getByRole("option", { name: new RegExp(to?.email ?? "") }).click();
      await move
        .locator('[aria-busy="false"]')
        .getByText(/would|keep working/)
        .first()
        .waitFor();
      const widening = move.getByTestId("bulk-preview-widening");
      if (await widening.count()) {
        // The same refusal as for one key: without the explicit yes the move is refused.
        await move.getByRole("button", { name: "Reassign 2 keys" }).click();
        await move
          .getByText(/would also work on/)
          .first()
          .waitFor();
        await widening.getByRole("checkbox", { name: "Allow these keys to work on more services" }).check();
      }
      await move.getByRole("button", { name: "Reassign 2 keys" }).click();
      await move.waitFor({ state: "detached" });
      await page.getByText(`2 keys now held by ${to?.email}`).waitFor();

      for (const n of [3, 4]) await page.getByRole("checkbox", { name: `Select bulk-${n}` }).check();
      await page.getByRole("button", { name: "Revoke selected" }).click();
      const revoke = page.getByRole("dialog", { name: "Revoke 2 keys?" });
      await revoke.getByRole("textbox", { name: /Reason/ }).fill("cleanup after the audit");
      await revoke.getByRole("button", { name: "Revoke 2 keys" }).click();
      await page.getByText("2 keys revoked.").waitFor();

      const after = await api(
        `query($id1: ID!, $id2: ID!, $id3: ID!, $id4: ID!) {
        k1: apiKey(id: $id1) { holder { id } }
        k2: apiKey(id: $id2) { holder { id } }
        k3: apiKey(id: $id3) { status revokedReason }
        k4: apiKey(id: $id4) { status revokedReason }
      }`,
        { id1: ids[0], id2: ids[1], id3: ids[2], id4: ids[3] },
      );
      expect(after.k1.holder.id).toBe(to?.id);
      expect(after.k2.holder.id).toBe(to?.id);
      expect(after.k3).toEqual({ status: "REVOKED", revokedReason: "cleanup after the audit" });
      expect(after.k4).toEqual({ status: "REVOKED", revokedReason: "cleanup after the audit" });
      await context.close();
    },
    EVERY_VIEW_MS,
  );

  it(
    "suspends and resumes a key, and stops a rotated key's old secret early, as verification sees",
    async () => {
      const { context, page } = await kh.signedIn("operator", { viewport: LAPTOP });
      const api = apiOf(kh, context);
      // A group that works somewhere, and a fresh key of it.
      const { apiKeys } = await api(
        "{ apiKeys(first: 50, filter: { status: ACTIVE, holderKind: GROUP }) { nodes { holder { id } worksOn { slug } } } }",
      );
      const working = (apiKeys.nodes as { holder: { id: string }; worksOn: { slug: string }[] }[]).find(
        (k) => k.worksOn.length,
      );
      const slug = working?.worksOn[0]?.slug as string;
      const { createApiKey } = await api(
        "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } errors { code } } }",
        { i: { name: "held-back", environment: "PRODUCTION", holderId: working?.holder.id, lifespan: "DAYS_90" } },
      );
      const id = createApiKey.apiKey.id as string;
      const oldSecret = createApiKey.secret as string;
      const reason = async (secret: string) =>
        (
          await api("query($s: String!, $v: String!) { verifyApiKey(secret: $s, service: $v) { reason } }", {
            s: secret,
            v: slug,
          })
        ).verifyApiKey.reason;
      expect(await reason(oldSecret)).toBe("VALID");

      for (const [name, view] of VIEWS) {
        const viewed = await kh.signedIn("operator", view);
        await open(viewed.page, `/keys/${id}`);
        await viewed.page.getByRole("button", { name: "Suspend" }).click();
        const dialog = viewed.page.getByRole("dialog", { name: "Suspend held-back?" });
        await dialog.getByRole("button", { name: "Suspend key" }).click();
        await dialog.getByText("Say why the key is suspended").waitFor();
        await expectAccessible(viewed.page, `suspend, empty submit, ${name}`, { everyImpact: true });
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await viewed.context.close();
      }

      await open(page, `/keys/${id}`);
      await page.getByRole("button", { name: "Suspend" }).click();
      const suspend = page.getByRole("dialog", { name: "Suspend held-back?" });
      await suspend.getByRole("textbox", { name: /Reason/ }).fill("nobody claims it");
      await suspend.getByRole("button", { name: "Suspend key" }).click();
      await page.getByRole("button", { name: "Resume" }).waitFor();
      await page.getByText("Reason: nobody claims it").waitFor();
      expect(await reason(oldSecret)).toBe("SUSPENDED");
      await screenshot(page, "key-suspended");

      await checkConfirmationAtEveryView(kh, `/keys/${id}`, "Resume", "Resume held-back?", /works again/, "resume");
      await page.getByRole("button", { name: "Resume" }).click();
      await page.getByRole("dialog", { name: "Resume held-back?" }).getByRole("button", { name: "Resume key" }).click();
      await page.getByRole("button", { name: "Suspend" }).waitFor();
      expect(await reason(oldSecret)).toBe("VALID");

      // Rotate with a day of overlap: both secrets work, then the old one is stopped now.
      const { rotateApiKey } = await api(
        "mutation($i: RotateApiKeyInput!) { rotateApiKey(input: $i) { secret errors { code } } }",
        { i: { id, overlapHours: 24 } },
      );
      const newSecret = rotateApiKey.secret as string;
      expect(await reason(oldSecret)).toBe("VALID");
      await checkConfirmationAtEveryView(
        kh,
        `/keys/${id}`,
        "Stop old secret now",
        "Stop the old secret now?",
        /keeps working/,
        "stop old secret",
      );
      await page.reload();
      await page.getByRole("button", { name: "Stop old secret now" }).click();
      await page
        .getByRole("dialog", { name: "Stop the old secret now?" })
        .getByRole("button", { name: "Stop old secret now" })
        .click();
      await page
        .getByText(/has stopped working/)
        .first()
        .waitFor();
      await expect.poll(() => page.getByRole("button", { name: "Stop old secret now" }).count()).toBe(0);
      expect(await reason(oldSecret)).toBe("EXPIRED");
      expect(await reason(newSecret)).toBe("VALID");
      await context.close();
    },
    EVERY_VIEW_MS,
  );
});
