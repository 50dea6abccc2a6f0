import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderConsole } from "../../test/render.js";
import { CollaboratorsSection } from "./CollaboratorsSection.js";
import type { ServiceDetail } from "./service.graphql.js";
import { ADA, collaborator, collaboratorPayload, key, lostKeys, serviceDetail, TEAM } from "./test-fixtures.js";

function section(overrides: Record<string, unknown> = {}) {
  const service = serviceDetail(overrides).service as unknown as ServiceDetail;
  return <CollaboratorsSection service={service} onReload={() => {}} />;
}

const holderOptions = {
  holders: {
    __typename: "HolderConnection",
    nodes: [
      { __typename: "User", id: "h-ada", email: "ada@example.org", name: "Ada", kind: "USER", status: "ACTIVE" },
      { __typename: "User", id: "h-bob", email: "bob@example.org", name: "Bob", kind: "USER", status: "ACTIVE" },
    ],
  },
};

describe("CollaboratorsSection", () => {
  it("warns before removing a Billing role, listing the holder's keys that stop working here", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysLostWithBilling: lostKeys([key(1), key(2)], 52),
        RemoveCollaborator: collaboratorPayload("removeCollaborator", "c-ada-billing", "BILLING"),
      },
    });
    await user.click(screen.getByRole("button", { name: "Remove: ada@example.org, Billing" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove a Billing role?" });
    expect(await within(dialog).findByText("52 keys stop working on parking-fines")).toBeTruthy();
    const listed = within(dialog).getByRole("list", { name: "Keys that stop working" });
    expect(within(listed).getByRole("link", { name: "billing worker 1" }).getAttribute("href")).toBe("/keys/k-1");
    expect(within(listed).getByText("kh_live_abc2…")).toBeTruthy();
    expect(within(dialog).getByText("and 50 more.")).toBeTruthy();
    expect(within(dialog).getByText(/is the only Billing collaborator/)).toBeTruthy();
    expect(operations.find((o) => o.name === "KeysLostWithBilling")?.variables).toEqual({
      id: "s-1",
      holderId: "h-ada",
      first: 50,
    });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Left the finance team");
    await user.click(within(dialog).getByRole("button", { name: "Remove Billing role" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "RemoveCollaborator")?.variables).toEqual({
        input: { id: "c-ada-billing", reason: "Left the finance team" },
      }),
    );
  });

  it("says plainly when removing a Billing role stops no key", async () => {
    const user = userEvent.setup();
    renderConsole(
      section({
        collaborators: [collaborator("c-ada-billing", "BILLING", ADA), collaborator("c-team-billing", "BILLING", TEAM)],
      }),
      { answers: { KeysLostWithBilling: lostKeys([]) } },
    );
    await user.click(screen.getByRole("button", { name: "Remove: ada@example.org, Billing" }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("No key stops working")).toBeTruthy();
    expect(within(dialog).getByText("ada@example.org holds no active key that works on parking-fines.")).toBeTruthy();
    expect(within(dialog).queryByText(/only Billing collaborator/)).toBeNull();
  });

  it("removes an Admin role without looking for keys, since no key depends on it", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: { RemoveCollaborator: collaboratorPayload("removeCollaborator", "c-team-admin", "ADMIN") },
    });
    await user.click(screen.getByRole("button", { name: "Remove: team@example.org, Admin" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove an Admin role?" });
    expect(within(dialog).getByText("No key changes: only a Billing role makes keys work.")).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Remove Admin role" }));
    await waitFor(() => expect(operations.some((o) => o.name === "RemoveCollaborator")).toBe(true));
    expect(operations.some((o) => o.name === "KeysLostWithBilling")).toBe(false);
  });

  it("changes a role by adding the new one before removing the old", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysLostWithBilling: lostKeys([key(1)]),
        AddCollaborator: collaboratorPayload("addCollaborator", "c-ada-viewer", "VIEWER"),
        RemoveCollaborator: collaboratorPayload("removeCollaborator", "c-ada-billing", "BILLING"),
      },
    });
    await user.click(screen.getByRole("button", { name: "Change role: ada@example.org, Billing" }));
    const dialog = await screen.findByRole("dialog", { name: "Change a Billing role" });
    expect(await within(dialog).findByText("1 key stops working on parking-fines")).toBeTruthy();
    await user.click(within(dialog).getByRole("combobox", { name: "New role" }));
    await user.click(await screen.findByRole("option", { name: /^Viewer/ }));
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(operations.some((o) => o.name === "RemoveCollaborator")).toBe(true));
    const writes = operations.filter((o) => o.name.endsWith("Collaborator"));
    expect(writes.map((o) => o.name)).toEqual(["AddCollaborator", "RemoveCollaborator"]);
    expect(writes[0]?.variables).toEqual({
      input: { serviceId: "s-1", holderId: "h-ada", role: "VIEWER", reason: null },
    });
    expect(writes[1]?.variables).toEqual({ input: { id: "c-ada-billing", reason: null } });
  });

  it("says the holder keeps both roles when the second step of a change fails", async () => {
    const user = userEvent.setup();
    renderConsole(section(), {
      answers: {
        AddCollaborator: collaboratorPayload("addCollaborator", "c-team-viewer", "VIEWER"),
        RemoveCollaborator: {
          removeCollaborator: {
            __typename: "CollaboratorPayload",
            collaborator: null,
            errors: [{ __typename: "UserError", field: null, code: "FORBIDDEN", message: "Not allowed." }],
          },
        },
      },
    });
    await user.click(screen.getByRole("button", { name: "Change role: team@example.org, Admin" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("combobox", { name: "New role" }));
    await user.click(await screen.findByRole("option", { name: /^Viewer/ }));
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    expect(await within(dialog).findByText("Half done")).toBeTruthy();
    expect(within(dialog).getByText("Not allowed.")).toBeTruthy();
    expect(within(dialog).getByRole("button", { name: "Retry removing Admin" })).toBeTruthy();
  });

  it("adds a collaborator, refusing a role the holder already has and showing the server's errors in place", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        HolderOptions: holderOptions,
        HolderActiveKeys: {
          holder: { __typename: "User", id: "h-bob", keys: { __typename: "ApiKeyConnection", totalCount: 4 } },
        },
        AddCollaborator: {
          addCollaborator: {
            __typename: "CollaboratorPayload",
            collaborator: null,
            errors: [{ __typename: "UserError", field: "holderId", code: "USER_DEPARTED", message: "Bob left." }],
          },
        },
      },
    });
    await user.click(screen.getByRole("button", { name: "Add collaborator" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("Choose a user or a group email")).toBeTruthy();

    await user.click(within(dialog).getByRole("combobox", { name: /Holder/ }));
    await user.click(await screen.findByRole("option", { name: /ada@example.org/ }));
    await user.click(within(dialog).getByRole("combobox", { name: /Role/ }));
    await user.click(await screen.findByRole("option", { name: /^Billing/ }));
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("ada@example.org is already Billing on parking-fines")).toBeTruthy();
    expect(operations.some((o) => o.name === "AddCollaborator")).toBe(false);

    await user.click(within(dialog).getByRole("combobox", { name: /Holder/ }));
    await user.click(await screen.findByRole("option", { name: /bob@example.org/ }));
    expect(await within(dialog).findByText(/4 active keys of bob@example.org will work on parking-fines/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("Bob left.")).toBeTruthy();
    expect(operations.find((o) => o.name === "AddCollaborator")?.variables).toEqual({
      input: { serviceId: "s-1", holderId: "h-bob", role: "BILLING", reason: null },
    });
  });
});
