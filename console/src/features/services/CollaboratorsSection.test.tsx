import { AddCollaboratorMutation } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { connectionOf } from "../../test/connection.js";
import { holderOptions, userOption } from "../../test/holder-options.js";
import { choose, openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import { answerOf, renderConsole } from "../../test/render.js";
import { CollaboratorsSection } from "./CollaboratorsSection.js";
import { HolderActiveKeysQuery } from "./service.graphql.js";
import {
  ADA,
  collaborator,
  collaboratorPayload,
  gainedKeys,
  key,
  lostKeys,
  refusedAccessWouldWiden,
  refusedKeysWouldStop,
  roleChanged,
  roleChangeRefused,
  serviceOf,
  TEAM,
} from "./test-support/service-fixtures.js";

function section(overrides: Parameters<typeof serviceOf>[0] = {}) {
  return <CollaboratorsSection service={serviceOf(overrides)} onReload={() => {}} />;
}

const adaAndBob = holderOptions(
  userOption("h-ada", "ada@example.org", "Ada"),
  userOption("h-bob", "bob@example.org", "Bob"),
);

type User = ReturnType<typeof userEvent.setup>;

/** Opens the role change dialog of a collaborator row, named "holder, Role". */
function openRoleChange(user: User, row: string, dialogName: string) {
  return openDialog(user, `Change role: ${row}`, dialogName);
}

/**
 * Sends the change, sees the server name key k-n (billing worker n) in the list it found, and
 * confirms with the button that names the consequence; the dialog closes.
 */
async function confirmWhatServerFound(user: User, dialog: HTMLElement, list: string, n: number, confirm: string) {
  await user.click(within(dialog).getByRole("button", { name: "Change role" }));
  const found = await within(dialog).findByRole("list", { name: list });
  expect(
    within(found)
      .getByRole("link", { name: `billing worker ${n}` })
      .getAttribute("href"),
  ).toBe(`/keys/k-${n}`);
  await user.click(within(dialog).getByRole("button", { name: confirm }));
  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
}

/** An answer that is `refusal` the first time it is asked for and `then` every time after. */
function refusedOnce(refusal: Record<string, unknown>, then: Record<string, unknown>) {
  let calls = 0;
  return () => (++calls === 1 ? refusal : then);
}

/** The inputs of every role change sent, in order. */
const roleChangesSent = (operations: { name: string; variables: Record<string, unknown> }[]) =>
  operations.filter((o) => o.name === "ChangeCollaboratorRole").map((o) => o.variables.input);

describe("CollaboratorsSection", () => {
  it("warns before removing a Billing role, listing the holder's keys that stop working here", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysLostWithBilling: lostKeys([key(1), key(2)], 52),
        RemoveCollaborator: collaboratorPayload("removeCollaborator", "c-ada-billing", "BILLING"),
      },
    });
    const dialog = await openDialog(user, "Remove: ada@example.org, Billing", "Remove a Billing role?");
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
        collaborators: connectionOf("Collaborator", [
          collaborator("c-ada-billing", "BILLING", ADA),
          collaborator("c-team-billing", "BILLING", TEAM),
        ]),
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
    const dialog = await openDialog(user, "Remove: team@example.org, Admin", "Remove an Admin role?");
    expect(within(dialog).getByText("No key changes: only a Billing role makes keys work.")).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Remove Admin role" }));
    await waitFor(() => expect(operations.some((o) => o.name === "RemoveCollaborator")).toBe(true));
    expect(operations.some((o) => o.name === "KeysLostWithBilling")).toBe(false);
  });

  it("changes a Billing role in one step, allowing the keys it listed to stop", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysLostWithBilling: lostKeys([key(1)]),
        ChangeCollaboratorRole: roleChanged("c-ada-billing", "VIEWER", [key(1)]),
      },
    });
    const dialog = await openRoleChange(user, "ada@example.org, Billing", "Change a Billing role");
    expect(await within(dialog).findByText("1 key stops working on parking-fines")).toBeTruthy();
    await choose(user, "New role", /^Viewer/, dialog);
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Billing moves to the team");
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const writes = operations.filter((o) => o.kind === "mutation");
    expect(writes.map((o) => o.name)).toEqual(["ChangeCollaboratorRole"]);
    expect(writes[0]?.variables).toEqual({
      input: {
        id: "c-ada-billing",
        role: "VIEWER",
        reason: "Billing moves to the team",
        allowKeysToStop: true,
        allowWiderAccess: false,
      },
    });
  });

  it("changes an Admin role without looking for keys or allowing any to stop", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: { ChangeCollaboratorRole: roleChanged("c-team-admin", "VIEWER") },
    });
    const dialog = await openRoleChange(user, "team@example.org, Admin", "Change an Admin role");
    await choose(user, "New role", /^Viewer/, dialog);
    expect(within(dialog).getByText("No key changes: only a Billing role makes keys work.")).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(operations.some((o) => o.name === "ChangeCollaboratorRole")).toBe(true));
    expect(operations.find((o) => o.name === "ChangeCollaboratorRole")?.variables).toEqual({
      input: { id: "c-team-admin", role: "VIEWER", reason: null, allowKeysToStop: false, allowWiderAccess: false },
    });
    expect(operations.some((o) => o.name === "KeysLostWithBilling")).toBe(false);
  });

  it("lists the keys the server found would stop when the dialog listed none, and asks again", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysLostWithBilling: lostKeys([]),
        ChangeCollaboratorRole: refusedOnce(
          refusedKeysWouldStop([key(3)]),
          roleChanged("c-ada-billing", "ADMIN", [key(3)]),
        ),
      },
    });
    const dialog = await openRoleChange(user, "ada@example.org, Billing", "Change a Billing role");
    expect(await within(dialog).findByText("No key stops working")).toBeTruthy();
    await choose(user, "New role", /^Admin/, dialog);
    await confirmWhatServerFound(user, dialog, "Keys the server found would stop", 3, "Change role, stopping 1 key");
    expect(roleChangesSent(operations)).toEqual([
      { id: "c-ada-billing", role: "ADMIN", reason: null, allowKeysToStop: false, allowWiderAccess: false },
      { id: "c-ada-billing", role: "ADMIN", reason: null, allowKeysToStop: true, allowWiderAccess: false },
    ]);
  });

  it("changing a role to Billing lists every key that starts working here, and confirming allows that", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysGainedWithBilling: gainedKeys([key(4), key(5)], 52),
        ChangeCollaboratorRole: roleChanged("c-team-admin", "BILLING", [], [key(4), key(5)]),
      },
    });
    const dialog = await openRoleChange(user, "team@example.org, Admin", "Change an Admin role");
    await choose(user, "New role", /^Billing/, dialog);
    expect(await within(dialog).findByText("52 keys start working on parking-fines")).toBeTruthy();
    const listed = within(dialog).getByRole("list", { name: "Keys that start working" });
    expect(within(listed).getByRole("link", { name: "billing worker 4" }).getAttribute("href")).toBe("/keys/k-4");
    expect(within(dialog).getByText("and 50 more.")).toBeTruthy();
    expect(operations.find((o) => o.name === "KeysGainedWithBilling")?.variables).toEqual({
      holderId: "h-team",
      first: 50,
    });
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(operations.find((o) => o.name === "ChangeCollaboratorRole")?.variables).toEqual({
      input: { id: "c-team-admin", role: "BILLING", reason: null, allowKeysToStop: false, allowWiderAccess: true },
    });
  });

  it("lists the keys the server found would start working when the dialog listed none, and asks again", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        KeysGainedWithBilling: gainedKeys([]),
        ChangeCollaboratorRole: refusedOnce(
          refusedAccessWouldWiden([key(6)]),
          roleChanged("c-team-admin", "BILLING", [], [key(6)]),
        ),
      },
    });
    const dialog = await openRoleChange(user, "team@example.org, Admin", "Change an Admin role");
    await choose(user, "New role", /^Billing/, dialog);
    expect(await within(dialog).findByText("No key starts working")).toBeTruthy();
    await confirmWhatServerFound(
      user,
      dialog,
      "Keys the server found would start working",
      6,
      "Change role, widening 1 key",
    );
    expect(roleChangesSent(operations)).toEqual([
      { id: "c-team-admin", role: "BILLING", reason: null, allowKeysToStop: false, allowWiderAccess: false },
      { id: "c-team-admin", role: "BILLING", reason: null, allowKeysToStop: false, allowWiderAccess: true },
    ]);
  });

  it("shows why a role change was refused and keeps the dialog open", async () => {
    const user = userEvent.setup();
    renderConsole(section(), {
      answers: {
        ChangeCollaboratorRole: roleChangeRefused({
          field: "role",
          code: "COLLABORATOR_EXISTS",
          message: "The holder already has that role on the service.",
        }),
      },
    });
    await user.click(screen.getByRole("button", { name: "Change role: team@example.org, Admin" }));
    const dialog = await screen.findByRole("dialog");
    await choose(user, "New role", /^Viewer/, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    expect(await within(dialog).findByText("The holder already has that role on the service.")).toBeTruthy();
    expect(within(dialog).getByText("The role was not changed")).toBeTruthy();
  });

  it("adds a collaborator, refusing a role the holder already has and showing the server's errors in place", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(section(), {
      answers: {
        HolderOptions: adaAndBob,
        HolderActiveKeys: answerOf(HolderActiveKeysQuery, {
          holder: { __typename: "User", id: "h-bob", keys: { __typename: "ApiKeyConnection", totalCount: 4 } },
        }),
        AddCollaborator: payloadOf(AddCollaboratorMutation, { collaborator: null }, [
          { field: "holderId", code: "USER_DEPARTED", message: "Bob left." },
        ]),
      },
    });
    await user.click(screen.getByRole("button", { name: "Add collaborator" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("Choose a user or a group email")).toBeTruthy();

    await choose(user, /Holder/, /ada@example.org/, dialog);
    await choose(user, /Role/, /^Billing/, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("ada@example.org is already Billing on parking-fines")).toBeTruthy();
    expect(operations.some((o) => o.name === "AddCollaborator")).toBe(false);

    await choose(user, /Holder/, /bob@example.org/, dialog);
    expect(await within(dialog).findByText(/4 active keys of bob@example.org will work on parking-fines/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Add collaborator" }));
    expect(await within(dialog).findByText("Bob left.")).toBeTruthy();
    expect(operations.find((o) => o.name === "AddCollaborator")?.variables).toEqual({
      input: { serviceId: "s-1", holderId: "h-bob", role: "BILLING", reason: null },
    });
  });
});
