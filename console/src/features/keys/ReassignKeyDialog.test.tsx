import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupOption, holderOptions, userOption } from "../../test/holder-options.js";
import { choose } from "../../test/interact.js";
import { payloadOf, type UserErrorAnswer } from "../../test/payload.js";
import { keyMove, reassignment, serviceRefs } from "../../test/reassignment.js";
import { answerOf, type RenderOptions } from "../../test/render.js";
import { ReassignKeyMutation, ReassignmentPreviewQuery } from "./key.graphql.js";
import { ReassignKeyDialog } from "./ReassignKeyDialog.js";
import { renderKeyDialog } from "./test-support/render-key-dialog.js";

const holders = holderOptions(
  userOption("u-2", "alice@example.org", "Alice"),
  groupOption("g-1", "team@example.org", "Team"),
  userOption("u-3", "gone@example.org", "Gone", "DEPARTED"),
);

const OLDER = {
  __typename: "KeyGain",
  keyId: "k-9",
  name: "older",
  prefix: "kh_live_old",
  holderEmail: "team@example.org",
  gained: serviceRefs(["fines"]),
};

/** The preview of moving k-1 to the team, which gains tolls; keeping access adds fines to the team. */
const preview = answerOf(ReassignmentPreviewQuery, ({ keepAccess }) => ({
  reassignmentPreview: reassignment(
    [
      keyMove(
        "k-1",
        "billing-worker",
        "kh_live_abc123",
        ["fines", "parking"],
        keepAccess ? ["fines", "parking", "tolls"] : ["parking", "tolls"],
      ),
    ],
    {
      billingAdded: serviceRefs(keepAccess ? ["fines"] : []),
      // The team gains fines, so its own key "older" would work there too.
      otherKeysGaining: keepAccess ? [OLDER] : [],
      widens: true,
    },
  ),
}));

function reassigned(errors: UserErrorAnswer[] = []) {
  const done = { __typename: "Reassignment", toHolderEmail: "team@example.org", billingAdded: [] };
  return payloadOf(ReassignKeyMutation, { reassignment: errors.length ? null : done }, errors);
}

type Answer = NonNullable<RenderOptions["answers"]>[string];

const renderDialog = (answer: Answer = reassigned()) =>
  renderKeyDialog(ReassignKeyDialog, { HolderOptions: holders, ReassignmentPreview: preview, ReassignKey: answer });

async function pickTeam(user: ReturnType<typeof userEvent.setup>) {
  await choose(user, "New holder", /team@example.org/);
}

describe("Reassigning a key", () => {
  it("offers neither the current holder nor people who have left", async () => {
    const user = userEvent.setup();
    renderDialog();
    await user.click(screen.getByRole("combobox", { name: "New holder" }));
    expect(await screen.findByRole("option", { name: /team@example.org/ })).toBeTruthy();
    expect(screen.queryByRole("option", { name: /alice@example.org/ })).toBeNull();
    expect(screen.queryByRole("option", { name: /gone@example.org/ })).toBeNull();
  });

  it("previews what is gained and lost, and sends keepAccess, the reason and the version read", async () => {
    const user = userEvent.setup();
    const view = renderDialog();
    await pickTeam(user);
    expect((await screen.findByTestId("preview-gained")).textContent).toContain("tolls");
    expect(screen.getByText(/would be made a Billing collaborator on: fines/)).toBeTruthy();
    expect(screen.queryByTestId("preview-lost")).toBeNull();

    await user.click(screen.getByRole("switch", { name: /Keep access/ }));
    expect((await screen.findByTestId("preview-lost")).textContent).toBe(
      "Would stop working on: fines. Anything using the key there breaks.",
    );
    expect(view.operations.filter((o) => o.name === "ReassignmentPreview").at(-1)?.variables).toEqual({
      ids: ["k-1"],
      toHolderId: "g-1",
      keepAccess: false,
    });

    await user.type(screen.getByRole("textbox", { name: "Reason" }), "Alice moves team");
    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    await waitFor(() => expect(view.closed()).toBe(true));
    expect(view.operations.find((o) => o.name === "ReassignKey")?.variables).toEqual({
      input: {
        id: "k-1",
        toHolderId: "g-1",
        keepAccess: false,
        allowWiderAccess: false,
        reason: "Alice moves team",
        version: 3,
      },
    });
    expect(view.reloads()).toBe(1);
  });

  it("lists every key that would gain services and moves only after the operator allows it", async () => {
    const user = userEvent.setup();
    const widening: UserErrorAnswer[] = [
      {
        field: "id",
        code: "ACCESS_WOULD_WIDEN",
        message: "payments would also work on tolls.",
      },
      {
        field: "toHolderId",
        code: "ACCESS_WOULD_WIDEN",
        message: "older would also work on fines.",
      },
    ];
    const view = renderDialog((v) =>
      (v.input as { allowWiderAccess: boolean }).allowWiderAccess ? reassigned() : reassigned(widening),
    );
    await pickTeam(user);
    const list = await screen.findByRole("list", { name: "Keys that would gain services" });
    expect(list.textContent).toContain("(this key): also on tolls");
    expect(list.textContent).toContain("older (kh_live_old…), already held by team@example.org: also on fines");
    const allow = screen.getByRole("checkbox", { name: /Allow these keys to work on more services/ });
    expect((allow as HTMLInputElement).checked).toBe(false);
    // This key gains tolls through the team's existing role: turning off Keep access would not help.
    expect(screen.getByTestId("preview-widening").textContent).not.toContain("turn off Keep access");

    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    const refusal = await screen.findByRole("alert");
    expect(refusal.textContent).toContain("payments would also work on tolls.");
    expect(refusal.textContent).toContain("older would also work on fines.");
    expect(view.closed()).toBe(false);

    await user.click(allow);
    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    await waitFor(() => expect(view.closed()).toBe(true));
    const sent = view.operations
      .filter((o) => o.name === "ReassignKey")
      .map((o) => (o.variables.input as { allowWiderAccess: boolean }).allowWiderAccess);
    expect(sent).toEqual([false, true]);
  });

  it("needs a new holder before anything is sent", async () => {
    const user = userEvent.setup();
    const view = renderDialog();
    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    expect(await screen.findByText("Choose who should hold the key")).toBeTruthy();
    expect(view.operations.some((o) => o.name === "ReassignKey")).toBe(false);
  });

  it("shows a refused holder beside the picker and a version conflict with a reload", async () => {
    const user = userEvent.setup();
    renderDialog(
      reassigned([
        { field: "toHolderId", code: "USER_DEPARTED", message: "team has departed." },
        { field: "version", code: "VERSION_CONFLICT", message: "stale" },
      ]),
    );
    await pickTeam(user);
    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    expect(await screen.findByText("team has departed.")).toBeTruthy();
    expect(screen.getByText("Someone else changed this key")).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "New holder" }).getAttribute("aria-invalid")).toBe("true");
  });
});
