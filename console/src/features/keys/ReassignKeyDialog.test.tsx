import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupOption, holderOptions, userOption } from "../../test/holder-options.js";
import { renderConsole } from "../../test/render.js";
import { keyDetail } from "./key.fixture.js";
import { ReassignKeyDialog } from "./ReassignKeyDialog.js";

/** Services as the API answers them, named by their slugs. */
const refs = (slugs: readonly string[]) =>
  slugs.map((slug) => ({ __typename: "Service", id: `s-${slug}`, slug, name: slug }));

const holders = holderOptions(
  userOption("u-2", "alice@example.org", "Alice"),
  groupOption("g-1", "team@example.org", "Team"),
  userOption("u-3", "gone@example.org", "Gone", "DEPARTED"),
);

const OLDER = { __typename: "KeyGain", keyId: "k-9", name: "older", prefix: "kh_live_old", gained: refs(["fines"]) };

function preview(keepAccess: boolean) {
  return {
    reassignmentPreview: {
      __typename: "Reassignment",
      toHolderEmail: "team@example.org",
      billingAdded: refs(keepAccess ? ["fines"] : []),
      // The team gains fines, so its own key "older" would work there too.
      otherKeysGaining: keepAccess ? [OLDER] : [],
      widens: true,
      keys: [
        {
          __typename: "KeyReassignment",
          keyId: "k-1",
          servicesBefore: refs(["fines", "parking"]),
          servicesAfter: refs(keepAccess ? ["fines", "parking", "tolls"] : ["parking", "tolls"]),
          gained: refs(["tolls"]),
          lost: refs(keepAccess ? [] : ["fines"]),
        },
      ],
    },
  };
}

function reassigned(errors: unknown[] = []) {
  return {
    reassignApiKey: {
      __typename: "ReassignApiKeyPayload",
      reassignment: errors.length
        ? null
        : { __typename: "Reassignment", toHolderEmail: "team@example.org", billingAdded: refs([]) },
      errors,
    },
  };
}

type Answer = Record<string, unknown> | ((variables: Record<string, unknown>) => Record<string, unknown>);

function renderDialog(answer: Answer = reassigned()) {
  const key = keyDetail() as unknown as Parameters<typeof ReassignKeyDialog>[0]["apiKey"];
  let reloads = 0;
  let closed = false;
  const view = renderConsole(
    <ReassignKeyDialog
      opened
      onClose={() => {
        closed = true;
      }}
      apiKey={key}
      onReload={() => {
        reloads++;
      }}
    />,
    {
      role: "OPERATOR",
      answers: {
        HolderOptions: holders,
        ReassignmentPreview: (v) => preview(Boolean(v.keepAccess)),
        ReassignKey: answer,
      },
    },
  );
  return { ...view, reloads: () => reloads, closed: () => closed };
}

async function pickTeam(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("combobox", { name: "New holder" }));
  await user.click(await screen.findByRole("option", { name: /team@example.org/ }));
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
    const widening = [
      {
        __typename: "UserError",
        field: "id",
        code: "ACCESS_WOULD_WIDEN",
        message: "payments would also work on tolls.",
      },
      {
        __typename: "UserError",
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
        { __typename: "UserError", field: "toHolderId", code: "USER_DEPARTED", message: "team has departed." },
        { __typename: "UserError", field: "version", code: "VERSION_CONFLICT", message: "stale" },
      ]),
    );
    await pickTeam(user);
    await user.click(screen.getByRole("button", { name: "Reassign key" }));
    expect(await screen.findByText("team has departed.")).toBeTruthy();
    expect(screen.getByText("Someone else changed this key")).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "New holder" }).getAttribute("aria-invalid")).toBe("true");
  });
});
