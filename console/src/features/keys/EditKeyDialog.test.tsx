import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { payloadOf, type UserErrorAnswer } from "../../test/payload.js";
import { EditKeyDialog } from "./EditKeyDialog.js";
import { UpdateKeyMutation } from "./key.graphql.js";
import { renderKeyDialog } from "./test-support/render-key-dialog.js";

function updated(errors: UserErrorAnswer[] = []) {
  const apiKey = {
    __typename: "ApiKey",
    id: "k-1",
    name: "renamed",
    expiresAt: null,
    status: "ACTIVE",
    version: 4,
  } as const;
  return payloadOf(UpdateKeyMutation, { apiKey: errors.length ? null : apiKey }, errors);
}

const renderDialog = (answer = updated()) => renderKeyDialog(EditKeyDialog, { UpdateKey: answer });

describe("Editing a key", () => {
  it("sends only what changed, with the version read", async () => {
    const user = userEvent.setup();
    const view = renderDialog();
    const name = screen.getByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.type(name, "renamed");
    await user.click(screen.getByRole("radio", { name: "A new lifespan, counted from now" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(view.closed()).toBe(true));
    expect(view.operations.find((o) => o.name === "UpdateKey")?.variables).toEqual({
      input: { id: "k-1", version: 3, name: "renamed", lifespan: "DAYS_90", expiresAt: undefined },
    });
  });

  it("a blank name stops the submit; a server error lands on its field", async () => {
    const user = userEvent.setup();
    const view = renderDialog(
      updated([{ field: "name", code: "TOO_LONG", message: "must be at most 200 characters" }]),
    );
    const name = screen.getByRole("textbox", { name: "Name" });
    await user.clear(name);
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Name the key after what uses it")).toBeTruthy();
    expect(view.operations.some((o) => o.name === "UpdateKey")).toBe(false);

    await user.type(name, "x");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("must be at most 200 characters")).toBeTruthy();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(view.closed()).toBe(false);
  });

  it("refuses a past expiry date before asking the server", async () => {
    const user = userEvent.setup();
    const view = renderDialog();
    await user.click(screen.getByRole("radio", { name: "A date" }));
    const date = screen.getByLabelText(/Last day it works/) as HTMLInputElement;
    await user.type(date, "2020-01-01");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Pick a day that has not passed")).toBeTruthy();
    expect(view.operations.some((o) => o.name === "UpdateKey")).toBe(false);
  });
});
