import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { payloadOf } from "../../test/payload.js";
import { UpdateGroupEmailMutation, UpdateUserMutation } from "./holder-mutations.graphql.js";
import { renderHolder } from "./render-holder.js";
import { groupDetail, userDetail } from "./test-support/holder-fixtures.js";

const saved = { __typename: "User", id: "u-7", email: "ana@example.org", name: "Ana Lee", version: 5 };

async function openEdit(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Edit" }));
  return screen.findByRole("dialog");
}

describe("EditHolderDialog", () => {
  it("saves a user's new name at the version read", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/u-7", {
      Holder: userDetail(),
      UpdateUser: payloadOf(UpdateUserMutation, { user: saved }),
    });
    const dialog = await openEdit(user);
    const name = within(dialog).getByRole("textbox", { name: "Name" });
    expect((name as HTMLInputElement).value).toBe("Ana");
    await user.clear(name);
    await user.type(name, "Ana Lee");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(operations.find((o) => o.name === "UpdateUser")?.variables).toEqual({
      input: { id: "u-7", version: 4, email: "ana@example.org", name: "Ana Lee" },
    });
  });

  it("stops a blank name before sending", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/u-7", { Holder: userDetail() });
    const dialog = await openEdit(user);
    await user.clear(within(dialog).getByRole("textbox", { name: "Name" }));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText("Enter a name")).toBeTruthy();
    expect(operations.some((o) => o.kind === "mutation")).toBe(false);
  });

  it("puts EMAIL_TAKEN under the email input", async () => {
    const user = userEvent.setup();
    renderHolder("/holders/u-7", {
      Holder: userDetail(),
      UpdateUser: payloadOf(UpdateUserMutation, { user: null }, [
        { field: "email", code: "EMAIL_TAKEN", message: "That email address is already in use." },
      ]),
    });
    const dialog = await openEdit(user);
    const email = within(dialog).getByRole("textbox", { name: "Email" });
    await user.clear(email);
    await user.type(email, "taken@example.org");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(email.getAttribute("aria-invalid")).toBe("true"));
    expect(within(dialog).getByText("That email address is already in use.")).toBeTruthy();
  });

  it("on VERSION_CONFLICT says someone else changed it and reloads the holder", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/u-7", {
      Holder: userDetail(),
      UpdateUser: payloadOf(UpdateUserMutation, { user: null }, [
        { field: "version", code: "VERSION_CONFLICT", message: "The record is at version 5, not 4; reload and retry." },
      ]),
    });
    const dialog = await openEdit(user);
    const loads = operations.filter((o) => o.name === "Holder").length;
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect((await within(dialog).findByRole("alert")).textContent).toMatch(/Someone else changed this holder/);
    await waitFor(() => expect(operations.filter((o) => o.name === "Holder").length).toBeGreaterThan(loads));
  });

  it("edits a group email's description too", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/g-1", {
      Holder: groupDetail(),
      UpdateGroupEmail: payloadOf(UpdateGroupEmailMutation, {
        groupEmail: {
          __typename: "GroupEmail",
          id: "g-1",
          email: "team@example.org",
          name: "Team",
          description: "",
          version: 10,
        },
      }),
    });
    const dialog = await openEdit(user);
    const description = within(dialog).getByRole("textbox", { name: "Description" });
    await user.clear(description);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "UpdateGroupEmail")?.variables).toEqual({
        input: { id: "g-1", version: 9, email: "team@example.org", name: "Team", description: "" },
      }),
    );
  });
});
