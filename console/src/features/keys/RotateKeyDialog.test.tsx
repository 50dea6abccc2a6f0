import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { payloadOf, type UserErrorAnswer } from "../../test/payload.js";
import { RotateKeyMutation } from "./key.graphql.js";
import { keyDetail } from "./test-support/key-detail.js";
import { renderKeyPage } from "./test-support/render-key-page.js";

function rotated(secret: string | null, errors: UserErrorAnswer[] = []) {
  return payloadOf(
    RotateKeyMutation,
    {
      apiKey: secret
        ? {
            __typename: "ApiKey",
            id: "k-1",
            prefix: "kh_live_new456",
            previousPrefix: "kh_live_abc123",
            previousSecretExpiresAt: null,
            version: 4,
          }
        : null,
      secret,
    },
    errors,
  );
}

function renderPage(rotateAnswer: Record<string, unknown>) {
  return renderKeyPage(keyDetail(), { role: "OPERATOR", answers: { RotateKey: rotateAnswer } });
}

async function openRotate(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Rotate" }));
  return screen.getByRole("textbox", { name: "Overlap (hours)" });
}

describe("Rotating a key", () => {
  it("sends the version read and the overlap, explains it, and shows the new secret only once", async () => {
    const user = userEvent.setup();
    const { operations } = renderPage(rotated("kh_live_new456_SECRET"));
    const overlap = await openRotate(user);
    expect((overlap as HTMLInputElement).value).toBe("24");
    expect(screen.getByText(/keeps working for 24 hours/)).toBeTruthy();
    await user.clear(overlap);
    await user.type(overlap, "48");
    expect(screen.getByText(/keeps working for 48 hours/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Rotate key" }));

    expect((await screen.findByTestId("secret")).textContent).toBe("kh_live_new456_SECRET");
    expect(operations.find((o) => o.name === "RotateKey")?.variables).toEqual({
      input: { id: "k-1", overlapHours: 48, version: 3 },
    });
    // Neither Escape nor a click beside the dialog may lose the secret: both ask first.
    await user.keyboard("{Escape}");
    await user.click(await screen.findByRole("button", { name: "Keep it open" }));
    const overlay = document.querySelector<HTMLElement>(".mantine-Modal-overlay");
    expect(overlay).toBeTruthy();
    await user.click(overlay as HTMLElement);
    await user.click(await screen.findByRole("button", { name: "Keep it open" }));
    expect(screen.getByTestId("secret")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Copy new secret" }));
    await user.click(screen.getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());
    await openRotate(user);
    expect(screen.queryByTestId("secret")).toBeNull();
    expect(screen.queryByText("kh_live_new456_SECRET")).toBeNull();
  });

  it("asks before Esc or the close button loses a new secret not yet copied", async () => {
    const user = userEvent.setup();
    renderPage(rotated("kh_live_new456_SECRET"));
    await openRotate(user);
    await user.click(screen.getByRole("button", { name: "Rotate key" }));
    await screen.findByTestId("secret");

    await user.keyboard("{Escape}");
    const question = await screen.findByTestId("uncopied-secret");
    expect(question.textContent).toContain("Close anyway? It cannot be shown again.");
    await user.click(within(question).getByRole("button", { name: "Keep it open" }));
    expect(screen.getByTestId("secret")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Close" }));
    await user.click(
      within(await screen.findByTestId("uncopied-secret")).getByRole("button", { name: "Close anyway" }),
    );
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());
  });

  it("closes on Esc without asking once the new secret was copied", async () => {
    const user = userEvent.setup();
    renderPage(rotated("kh_live_new456_SECRET"));
    await openRotate(user);
    await user.click(screen.getByRole("button", { name: "Rotate key" }));
    await user.click(await screen.findByRole("button", { name: "Copy new secret" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("uncopied-secret")).toBeNull();
    await waitFor(() => expect(screen.queryByTestId("secret")).toBeNull());
  });

  it("refuses an overlap beyond 7 days before asking the server", async () => {
    const user = userEvent.setup();
    const { operations } = renderPage(rotated("unused"));
    const overlap = await openRotate(user);
    await user.clear(overlap);
    await user.type(overlap, "200");
    await user.click(screen.getByRole("button", { name: "Rotate key" }));
    expect(await screen.findByText("A whole number of hours from 0 to 168 (7 days)")).toBeTruthy();
    expect(operations.some((o) => o.name === "RotateKey")).toBe(false);
  });

  it("refuses a negative or fractional overlap with a field error instead of changing it", async () => {
    const user = userEvent.setup();
    const { operations } = renderPage(rotated("unused"));
    const overlap = await openRotate(user);
    for (const typed of ["-3", "2.5"]) {
      await user.clear(overlap);
      await user.type(overlap, typed);
      await user.click(screen.getByRole("button", { name: "Rotate key" }));
      expect((overlap as HTMLInputElement).value).toBe(typed);
      expect(await screen.findByText("A whole number of hours from 0 to 168 (7 days)")).toBeTruthy();
    }
    expect(operations.some((o) => o.name === "RotateKey")).toBe(false);
  });

  it("says when someone else changed the key, and reloads it on request", async () => {
    const user = userEvent.setup();
    const { operations } = renderPage(
      rotated(null, [{ field: "version", code: "VERSION_CONFLICT", message: "stale version" }]),
    );
    await openRotate(user);
    await user.click(screen.getByRole("button", { name: "Rotate key" }));
    expect(await screen.findByText("Someone else changed this key")).toBeTruthy();
    expect(screen.queryByTestId("secret")).toBeNull();
    const loads = operations.filter((o) => o.name === "Key").length;
    await user.click(screen.getByRole("button", { name: "Reload the key" }));
    await waitFor(() => expect(operations.filter((o) => o.name === "Key").length).toBeGreaterThan(loads));
  });
});
