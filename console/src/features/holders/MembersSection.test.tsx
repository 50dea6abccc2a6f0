import { AddGroupMemberMutation, RemoveGroupMemberMutation } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { connectionOf } from "../../test/connection.js";
import { holderOptions, userOption } from "../../test/holder-options.js";
import { choose, openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import { renderHolder } from "./render-holder.js";
import { groupDetail, member, userDetail } from "./test-support/holder-fixtures.js";

const options = holderOptions(
  userOption("u-1", "member1@example.org", "Member 1"),
  userOption("u-5", "new@example.org", "New"),
);
const changed = { __typename: "GroupEmail", id: "g-1", email: "team@example.org", activeMemberCount: 3, healthy: true };
/** The `RemoveGroupMember` answer when the removal went through. */
const removed = payloadOf(RemoveGroupMemberMutation, { groupEmail: changed });

describe("group members", () => {
  it("removes a member after a confirmation that warns the group would fall below two", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/g-1", {
      Holder: groupDetail(),
      RemoveGroupMember: removed,
    });
    const dialog = await openDialog(user, "Remove member1@example.org", "Remove member");
    expect(dialog.textContent).toContain("member1@example.org will no longer be a member of team@example.org");
    expect(within(dialog).getByText(/will have only one active member/)).toBeTruthy();
    expect(operations.some((o) => o.name === "RemoveGroupMember")).toBe(false);
    await user.type(within(dialog).getByRole("textbox", { name: "Reason" }), "moved team");
    await user.click(within(dialog).getByRole("button", { name: "Remove member" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(operations.find((o) => o.name === "RemoveGroupMember")?.variables).toEqual({
      input: { groupId: "g-1", userId: "u-1", reason: "moved team" },
    });
  });

  it("does not warn when enough active members remain, and Cancel changes nothing", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/g-1", {
      Holder: groupDetail({ activeMemberCount: 3, members: connectionOf("User", [member(1), member(2), member(3)]) }),
    });
    const dialog = await openDialog(user, "Remove member2@example.org", "Remove member");
    expect(within(dialog).queryByText(/active member\./)).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(operations.some((o) => o.name === "RemoveGroupMember")).toBe(false);
  });

  it("keeps the confirmation open with the server's reason when removal fails", async () => {
    const user = userEvent.setup();
    renderHolder("/holders/g-1", {
      Holder: groupDetail(),
      RemoveGroupMember: payloadOf(RemoveGroupMemberMutation, { groupEmail: null }, [
        { field: "userId", code: "NOT_A_MEMBER", message: "The user is not a member." },
      ]),
    });
    const dialog = await openDialog(user, "Remove member2@example.org", "Remove member");
    await user.click(within(dialog).getByRole("button", { name: "Remove member" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("The user is not a member.");
  });

  it("adds a member picked among active users, with an optional reason", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/g-1", {
      Holder: groupDetail(),
      HolderOptions: options,
      AddGroupMember: payloadOf(AddGroupMemberMutation, { groupEmail: changed }),
    });
    await user.click(await screen.findByRole("button", { name: "Add member" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));
    expect(await within(dialog).findByText("Choose a user")).toBeTruthy();
    expect(operations.some((o) => o.name === "AddGroupMember")).toBe(false);

    await user.click(within(dialog).getByRole("combobox", { name: "User" }));
    // Current members are not offered again.
    expect(screen.queryByRole("option", { name: /member1@example.org/ })).toBeNull();
    await user.click(await screen.findByRole("option", { name: /new@example.org/ }));
    await user.type(within(dialog).getByRole("textbox", { name: "Reason" }), "joins finance");
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(operations.find((o) => o.name === "HolderOptions")?.variables).toMatchObject({
      filter: { kind: "USER", status: "ACTIVE" },
    });
    expect(operations.find((o) => o.name === "AddGroupMember")?.variables).toEqual({
      input: { groupId: "g-1", userId: "u-5", reason: "joins finance" },
    });
  });

  it("shows the server's refusal under the picker", async () => {
    const user = userEvent.setup();
    renderHolder("/holders/g-1", {
      Holder: groupDetail(),
      HolderOptions: options,
      AddGroupMember: payloadOf(AddGroupMemberMutation, { groupEmail: null }, [
        { field: "userId", code: "USER_DEPARTED", message: "A departed user cannot join a group email." },
      ]),
    });
    await user.click(await screen.findByRole("button", { name: "Add member" }));
    const dialog = await screen.findByRole("dialog");
    await choose(user, "User", /new@example.org/, dialog);
    await user.click(within(dialog).getByRole("button", { name: "Add member" }));
    expect(await within(dialog).findByText("A departed user cannot join a group email.")).toBeTruthy();
    expect(within(dialog).getByRole("combobox", { name: "User" }).getAttribute("aria-invalid")).toBe("true");
  });

  it("takes a user out of a group email from the user's page", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/u-7", {
      Holder: userDetail(),
      RemoveGroupMember: removed,
    });
    const dialog = await openDialog(user, "Remove from team@example.org", "Remove member");
    expect(within(dialog).getByText(/will have only one active member/)).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Remove member" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "RemoveGroupMember")?.variables).toEqual({
        input: { groupId: "g-1", userId: "u-7", reason: null },
      }),
    );
  });
});
