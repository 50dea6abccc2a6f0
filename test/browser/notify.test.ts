import { describe, expect, it } from "vitest";
import { apiAs, expectAccessible, screenshot, useConsole } from "./support.js";

describe("the Outbox and Webhooks screens", () => {
  const kh = useConsole();

  it("show a revoked key's notice kept without SMTP, and register an endpoint whose secret is shown once", async () => {
    const { context, page } = await kh.signedIn("admin");
    const gql = apiAs(kh.base, context);
    const { apiKeys } = await gql(
      "{ apiKeys(first: 1, filter: { status: ACTIVE, holderKind: GROUP }) { nodes { id name holder { email } } } }",
    );
    const key = apiKeys.nodes[0];
    await gql(`mutation($id: ID!) { revokeApiKey(input: { id: $id, reason: "leaked" }) { errors { code } } }`, {
      id: key.id,
    });

    await page.getByRole("link", { name: "Outbox" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Outbox" }).waitFor();
    const subject = `API key ${key.name} was revoked`;
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return page.getByText(subject).count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.getByText(/No SMTP server is configured/).waitFor();
    const row = page.getByRole("row").filter({ hasText: subject }).filter({ hasText: key.holder.email });
    await row.getByRole("button", { name: "Read" }).click();
    await expect.poll(() => page.getByLabel(`Body of ${subject}`).first().textContent()).toContain("Reason: leaked");
    await page.mouse.move(0, 0);
    await expectAccessible(page, "outbox");
    await screenshot(page, "outbox");

    await page.getByRole("link", { name: "Webhooks" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    await page.getByRole("button", { name: "New endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook endpoint" });
    await dialog.getByRole("textbox", { name: "URL" }).fill("http://127.0.0.1:9/hooks");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await dialog
      .getByText(/loopback or private address/)
      .first()
      .waitFor();
    // A documentation address (TEST-NET-3), subscribed to an event this test does not cause.
    await dialog.getByRole("textbox", { name: "URL" }).fill("https://203.0.113.10/hooks/keyholder");
    const events = dialog.getByLabel("Events");
    // The pills' box takes the click and opens the list; Backspace drops the "All events" pill.
    await events.click({ force: true });
    await events.press("Backspace");
    await page.getByRole("option", { name: "group_email.below_two_members" }).click();
    await dialog.getByRole("textbox", { name: "Description" }).click();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByTestId("secret").textContent();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, "webhooks, secret shown");
    await page.getByRole("button", { name: "Copy signing secret" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("secret").waitFor({ state: "detached" });
    await page.getByText("https://203.0.113.10/hooks/keyholder").waitFor();
    expect(await page.content()).not.toContain(secret ?? "whsec_");
    await page.getByRole("button", { name: "Deliveries to https://203.0.113.10/hooks/keyholder" }).click();
    await page.getByText("Nothing has been delivered to this endpoint yet.").waitFor();
    await page.mouse.move(0, 0);
    await expectAccessible(page, "webhooks");
    await screenshot(page, "webhooks");
  }, 120_000);
});
