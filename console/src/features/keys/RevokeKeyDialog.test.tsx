import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { payloadOf } from "../../test/payload.js";
import { RevokeKeyMutation } from "./key.graphql.js";
import { RevokeKeyDialog } from "./RevokeKeyDialog.js";
import { renderKeyDialog } from "./test-support/render-key-dialog.js";

const revoked = payloadOf(RevokeKeyMutation, {
  apiKey: { __typename: "ApiKey", id: "k-1", status: "REVOKED", revokedAt: "2025-03-01T00:00:00.000Z", version: 4 },
});

const renderDialog = () => renderKeyDialog(RevokeKeyDialog, { RevokeKey: revoked });

describe("Revoking a key", () => {
  it("says it stops working everywhere at once and names the services it works on today", () => {
    renderDialog();
    expect(screen.getByText(/stops working\s+everywhere at once/)).toBeTruthy();
    const services = screen.getByRole("list", { name: "Services that will refuse the key" });
    expect(
      within(services)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["parking (Parking)", "fines (Fines)"]);
  });

  it("requires a reason before anything is sent, then sends it on confirmation", async () => {
    const user = userEvent.setup();
    const { operations, closed } = renderDialog();
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByText("Say why the key is revoked")).toBeTruthy();
    expect(operations.some((o) => o.name === "RevokeKey")).toBe(false);
    expect(closed()).toBe(false);

    await user.type(screen.getByRole("textbox", { name: "Reason" }), "  leaked in a CI log ");
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(closed()).toBe(true));
    expect(operations.find((o) => o.name === "RevokeKey")?.variables).toEqual({
      input: { id: "k-1", reason: "leaked in a CI log" },
    });
  });

  it("Cancel revokes nothing", async () => {
    const user = userEvent.setup();
    const { operations, closed } = renderDialog();
    await user.type(screen.getByRole("textbox", { name: "Reason" }), "changed my mind");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(closed()).toBe(true);
    expect(operations.some((o) => o.name === "RevokeKey")).toBe(false);
  });
});
