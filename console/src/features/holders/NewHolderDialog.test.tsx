import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { payloadOf } from "../../test/payload.js";
import { renderConsole } from "../../test/render.js";
import { CreateGroupEmailMutation, CreateUserMutation } from "./holders.graphql.js";
import { NewHolderDialog } from "./NewHolderDialog.js";

const createdUser = payloadOf(CreateUserMutation, {
  user: { __typename: "User", id: "u-9", email: "new@example.org", name: "New", kind: "USER", status: "ACTIVE" },
});
const createdGroup = payloadOf(CreateGroupEmailMutation, {
  groupEmail: {
    __typename: "GroupEmail",
    id: "g-9",
    email: "team@example.org",
    name: "Team",
    kind: "GROUP",
    activeMemberCount: 0,
    healthy: false,
  },
});

describe("NewHolderDialog", () => {
  it("checks the fields before sending anything", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<NewHolderDialog kind="USER" opened onClose={() => {}} />);
    await user.type(screen.getByRole("textbox", { name: "Email" }), "not-an-email");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    expect(await screen.findByText("This is not an email address")).toBeTruthy();
    expect(screen.getByText("Enter a name")).toBeTruthy();
    expect(operations.filter((o) => o.kind === "mutation")).toHaveLength(0);
  });

  it("takes at most the API's 200 characters for a group's name, with a counter near the limit", async () => {
    const user = userEvent.setup();
    renderConsole(<NewHolderDialog kind="GROUP" opened onClose={() => {}} />);
    const name = screen.getByRole("textbox", { name: "Name" });
    await user.click(name);
    await user.paste("t".repeat(159));
    expect(screen.queryByTestId("character-count")).toBeNull();
    await user.type(name, "t");
    expect(screen.getByTestId("character-count").textContent).toBe("160 of 200 characters");
    await user.paste("t".repeat(10_000));
    expect((name as HTMLInputElement).value).toHaveLength(200);
  });

  it("shows EMAIL_TAKEN under the email input and keeps the dialog open", async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { operations } = renderConsole(<NewHolderDialog kind="USER" opened onClose={onClose} />, {
      answers: {
        CreateUser: payloadOf(CreateUserMutation, { user: null }, [
          { field: "email", code: "EMAIL_TAKEN", message: "That email address is already in use." },
        ]),
      },
    });
    await user.type(screen.getByRole("textbox", { name: "Email" }), " Ana@Example.org ");
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Ana");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    const input = screen.getByRole("textbox", { name: "Email" });
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("That email address is already in use.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(operations.find((o) => o.name === "CreateUser")?.variables).toEqual({
      input: { email: "Ana@Example.org", name: "Ana" },
    });
    expect(onClose).not.toHaveBeenCalled();
  });

  it("shows errors no input owns in an alert", async () => {
    const user = userEvent.setup();
    renderConsole(<NewHolderDialog kind="USER" opened onClose={() => {}} />, {
      answers: {
        CreateUser: payloadOf(CreateUserMutation, { user: null }, [{ code: "FORBIDDEN", message: "Not allowed." }]),
      },
    });
    await user.type(screen.getByRole("textbox", { name: "Email" }), "ana@example.org");
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Ana");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Not allowed.");
  });

  it("creates a group email with its description and opens its page", async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { operations, location } = renderConsole(<NewHolderDialog kind="GROUP" opened onClose={onClose} />, {
      url: "/holders",
      answers: { CreateGroupEmail: createdGroup },
    });
    await user.type(screen.getByRole("textbox", { name: "Email" }), "team@example.org");
    await user.type(screen.getByRole("textbox", { name: "Name" }), "Team");
    await user.type(screen.getByRole("textbox", { name: "Description" }), "Finance");
    await user.click(screen.getByRole("button", { name: "Add group email" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/holders/g-9"));
    expect(onClose).toHaveBeenCalled();
    expect(operations.find((o) => o.name === "CreateGroupEmail")?.variables).toEqual({
      input: { email: "team@example.org", name: "Team", description: "Finance" },
    });
  });

  it("creates a user without a description field", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<NewHolderDialog kind="USER" opened onClose={() => {}} />, {
      url: "/holders",
      answers: { CreateUser: createdUser },
    });
    expect(screen.queryByRole("textbox", { name: "Description" })).toBeNull();
    await user.type(screen.getByRole("textbox", { name: "Email" }), "new@example.org");
    await user.type(screen.getByRole("textbox", { name: "Name" }), "New");
    await user.click(screen.getByRole("button", { name: "Add user" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/holders/u-9"));
  });
});
