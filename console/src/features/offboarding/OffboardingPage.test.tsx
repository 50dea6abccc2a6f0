import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupOption, holderOptions } from "../../test/holder-options.js";
import { renderConsole } from "../../test/render.js";
import OffboardingPage from "./OffboardingPage.js";
import { OUTCOME_KEYS, offboarded, plan, planKeys, plannedKey, TEAM } from "./test-support/offboarding-fixtures.js";

const holders = holderOptions(groupOption("g-2", "ops@example.org", "Ops"));

function offboardCalls(operations: { name: string; variables: Record<string, unknown> }[]) {
  return operations
    .filter((o) => o.name === "OffboardUserSummary")
    .map((o) => o.variables.input as Record<string, unknown>);
}

// Typing into pickers is slow in happy-dom when the whole console suite runs in parallel.
describe("OffboardingPage", { timeout: 20_000 }, () => {
  it("tells a VIEWER they need the OPERATOR role, and asks nothing of the API", async () => {
    const { operations } = renderConsole(<OffboardingPage />, { role: "VIEWER", url: "/offboarding?user=u-9" });
    expect(screen.getByText("You need the Operator role")).toBeTruthy();
    expect(screen.queryByText("Who is leaving?")).toBeNull();
    expect(operations.filter((o) => o.name === "OffboardingPlan")).toEqual([]);
  });

  it("opens the impact preview for ?user=<id>: counts, the services once, a page of keys, then the decisions", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OffboardingPage />, {
      role: "OPERATOR",
      url: "/offboarding?user=u-9",
      answers: { OffboardingPlanSummary: plan() },
    });
    await screen.findByText("What offboarding Lee Leaver touches");
    expect(operations.find((o) => o.name === "OffboardingPlanSummary")?.variables).toEqual({
      userId: "u-9",
      first: 25,
    });
    expect(
      screen.getByText(
        "2 active keys stop working on fines, parking once leaver@example.org is no longer a Billing collaborator.",
      ),
    ).toBeTruthy();
    expect(screen.getByText("fines loses its only Billing collaborator.")).toBeTruthy();
    expect(screen.getByText("sole Billing")).toBeTruthy();
    const active = within(screen.getByRole("region", { name: "The 2 active keys" }));
    expect(active.getByText("fines, parking")).toBeTruthy();
    expect(active.getByRole("link", { name: TEAM.email })).toBeTruthy();
    expect(screen.getByRole("region", { name: "The 1 revoked or expired key" })).toBeTruthy();
    const keys = within(screen.getByRole("table", { name: "The leaver's keys" }));
    expect(keys.getAllByRole("row")).toHaveLength(4);
    expect(screen.getByText("1–3 of 3 keys")).toBeTruthy();
    // Roles read as words, as everywhere else: "Billing", never "billing" or "BILLING".
    const roles = screen.getAllByRole("cell").filter((c) => /^billing$/i.test(c.textContent ?? ""));
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((c) => c.textContent === "Billing")).toBe(true);
    await user.click(screen.getByRole("button", { name: "Next: decide per key" }));
    await screen.findByText("Decide what happens to each key");
    expect(location.history.at(-1)).toBe("/offboarding?user=u-9&step=decide");
  });

  it("preselects the plan's suggested successor as default holder, which every key follows", async () => {
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: { OffboardingPlanSummary: plan() },
    });
    const first = await screen.findByRole("combobox", { name: "New holder for billing worker (kh_live_k-1…)" });
    expect((first as HTMLInputElement).value).toBe("");
    expect(first.getAttribute("placeholder")).toBe(`Default: ${TEAM.email}`);
    expect((screen.getByRole("combobox", { name: /Default holder and custodian/ }) as HTMLInputElement).value).toBe(
      TEAM.email,
    );
    expect(screen.getAllByText(/^Suggested: team@example.org is/)).toHaveLength(3);
    expect(
      screen.getByText(
        /3 keys: 3 to reassign, 0 to revoke; 3 go to the default holder, 0 keys with a decision of your own/,
      ),
    ).toBeTruthy();
  });

  it("sends the default holder, and a decision only for each key the operator changed", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        HolderOptions: holders,
        OffboardUserSummary: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Decision for old job (kh_live_k-2…)" }),
      "REVOKE",
    );
    await user.click(screen.getByRole("combobox", { name: "New holder for report job (kh_live_k-3…)" }));
    await user.click(await screen.findByRole("option", { name: /ops@example.org/ }));
    expect(screen.getByText("Suggested: team@example.org")).toBeTruthy();
    await user.type(screen.getByRole("textbox", { name: /Reason/ }), "Left in June (HR-12)");
    await user.click(screen.getByRole("button", { name: "Dry run" }));

    await screen.findByText("This is what offboarding would do");
    expect(location.history.at(-1)).toBe("/offboarding?user=u-9&step=review");
    expect(offboardCalls(operations)).toEqual([
      {
        userId: "u-9",
        defaultTargetId: TEAM.id,
        decisions: [
          { keyId: "k-2", action: "REVOKE" },
          { keyId: "k-3", action: "REASSIGN", toHolderId: "g-2" },
        ],
        reason: "Left in June (HR-12)",
        allowWiderAccess: false,
        dryRun: true,
      },
    ]);
  });

  it("goes back to the suggestions, forgetting the operator's decisions", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Decision for billing worker (kh_live_k-1…)" }),
      "REVOKE",
    );
    expect(screen.getByText(/1 key with a decision of your own/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Back to the suggestions" }));
    expect(screen.getByRole("button", { name: "Back to the suggestions" }).hasAttribute("disabled")).toBe(true);
    await user.click(screen.getByRole("button", { name: "Dry run" }));
    await screen.findByText("This is what offboarding would do");
    expect(offboardCalls(operations)[0]).toMatchObject({ defaultTargetId: TEAM.id, decisions: [] });
  });

  it("requires a default holder when some key goes to it, before any dry run", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan({
          keys: [plannedKey({ id: "k-1", name: "solo" })],
          suggested: { active: null, inactive: null },
        }),
        OffboardUserSummary: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.click(await screen.findByRole("button", { name: "Dry run" }));
    expect(await screen.findByText(/Choose a default holder: 1 key goes to it/)).toBeTruthy();
    expect(offboardCalls(operations)).toEqual([]);
  });

  it("says when the plan suggests another keeper for the inactive keys than the default holder", async () => {
    const ops = { id: "g-2", email: "ops@example.org" };
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: { OffboardingPlanSummary: plan({ suggested: { active: ops, inactive: TEAM } }) },
    });
    expect(
      await screen.findByText(/The plan suggests team@example.org to keep the 1 revoked or expired key/),
    ).toBeTruthy();
    expect((screen.getByRole("combobox", { name: /Default holder and custodian/ }) as HTMLInputElement).value).toBe(
      ops.email,
    );
  });

  it("shows the server's field error beside the default holder", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: {
          offboardUser: {
            __typename: "OffboardUserPayload",
            offboarding: null,
            errors: [
              {
                __typename: "UserError",
                code: "USER_DEPARTED",
                message: "That holder has departed.",
                field: "defaultTargetId",
              },
            ],
          },
        },
      },
    });
    await user.click(await screen.findByRole("button", { name: "Dry run" }));
    expect(await screen.findByText("USER_DEPARTED")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Back to the decisions" }));
    const input = await screen.findByRole("combobox", { name: /Default holder and custodian/ });
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("That holder has departed.")).toBeTruthy();
  });

  it("pages a leaver with more keys than one page from the server, and sends only the key changed on page 2", async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 60 }, (_, i) =>
      plannedKey({ id: `k-${i}`, name: `job ${i}`, active: i % 4 !== 0 }),
    );
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9",
      answers: {
        OffboardingPlanSummary: plan({ keys: many }),
        OffboardingPlanKeys: planKeys(many),
        OffboardUserSummary: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    expect(await screen.findByText("1–25 of 60 keys")).toBeTruthy();
    expect(screen.getByText("60")).toBeTruthy();
    expect(screen.getByText("45 active")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("26–50 of 60 keys")).toBeTruthy();
    const table = within(screen.getByRole("table", { name: "The leaver's keys" }));
    expect(table.getByText("job 25")).toBeTruthy();
    expect(table.queryByText("job 24")).toBeNull();
    expect(operations.filter((o) => o.name === "OffboardingPlanKeys").map((o) => o.variables)).toEqual([
      { userId: "u-9", first: 25, after: "k-24" },
    ]);

    await user.click(screen.getByRole("button", { name: "Next: decide per key" }));
    await user.click(await screen.findByRole("button", { name: "Next" }));
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Decision for job 30 (kh_live_k-30…)" }),
      "REVOKE",
    );
    expect(screen.getByText(/60 keys: 59 to reassign, 1 to revoke; 60 go to the default holder/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Dry run" }));
    await screen.findByText("This is what offboarding would do");
    expect(offboardCalls(operations)[0]).toMatchObject({
      defaultTargetId: TEAM.id,
      decisions: [{ keyId: "k-30", action: "REVOKE" }],
    });
  });
});
