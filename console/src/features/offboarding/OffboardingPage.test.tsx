import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupOption, holderOptions } from "../../test/holder-options.js";
import { renderConsole } from "../../test/render.js";
import OffboardingPage from "./OffboardingPage.js";
import { failed, OUTCOME_KEYS, offboarded, plan, plannedKey, TEAM } from "./test-support/offboarding-fixtures.js";

const holders = holderOptions(groupOption("g-2", "ops@example.org", "Ops"));

function offboardCalls(operations: { name: string; variables: Record<string, unknown> }[]) {
  return operations.filter((o) => o.name === "OffboardUser").map((o) => o.variables.input as Record<string, unknown>);
}

// Typing into pickers is slow in happy-dom when the whole console suite runs in parallel.
describe("OffboardingPage", { timeout: 20_000 }, () => {
  it("tells a VIEWER they need the OPERATOR role, and asks nothing of the API", async () => {
    const { operations } = renderConsole(<OffboardingPage />, { role: "VIEWER", url: "/offboarding?user=u-9" });
    expect(screen.getByText("You need the Operator role")).toBeTruthy();
    expect(screen.queryByText("Who is leaving?")).toBeNull();
    expect(operations.filter((o) => o.name === "OffboardingPlan")).toEqual([]);
  });

  it("opens the impact preview for ?user=<id> and moves to the decisions through the URL", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OffboardingPage />, {
      role: "OPERATOR",
      url: "/offboarding?user=u-9",
      answers: { OffboardingPlan: plan() },
    });
    await screen.findByText("What offboarding Lee Leaver touches");
    expect(operations.find((o) => o.name === "OffboardingPlan")?.variables).toEqual({ userId: "u-9" });
    expect(screen.getByText("fines loses its only Billing collaborator.")).toBeTruthy();
    expect(screen.getByText("sole Billing")).toBeTruthy();
    // Roles read as words, as everywhere else: "Billing", never "billing" or "BILLING".
    const roles = screen.getAllByRole("cell").filter((c) => /^billing$/i.test(c.textContent ?? ""));
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.every((c) => c.textContent === "Billing")).toBe(true);
    await user.click(screen.getByRole("button", { name: "Next: decide per key" }));
    await screen.findByText("Decide what happens to each key");
    expect(location.history.at(-1)).toBe("/offboarding?user=u-9&step=decide");
  });

  it("preselects each key's suggested successor, and the most suggested one as default holder", async () => {
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: { OffboardingPlan: plan() },
    });
    const first = await screen.findByRole("combobox", { name: "New holder for billing worker (kh_live_k-1…)" });
    expect((first as HTMLInputElement).value).toBe(TEAM.email);
    const unsuggested = screen.getByRole("combobox", { name: "New holder for report job (kh_live_k-3…)" });
    expect((unsuggested as HTMLInputElement).value).toBe("");
    expect(unsuggested.getAttribute("placeholder")).toBe(`Default: ${TEAM.email}`);
    expect((screen.getByRole("combobox", { name: /Default holder and custodian/ }) as HTMLInputElement).value).toBe(
      TEAM.email,
    );
  });

  it("sends one decision per key: REASSIGN with the chosen holder, REVOKE, or the default holder", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan(),
        HolderOptions: holders,
        OffboardUser: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Decision for old job (kh_live_k-2…)" }),
      "REVOKE",
    );
    await user.click(screen.getByRole("combobox", { name: "New holder for report job (kh_live_k-3…)" }));
    await user.click(await screen.findByRole("option", { name: /ops@example.org/ }));
    await user.type(screen.getByRole("textbox", { name: /Reason/ }), "Left in June (HR-12)");
    await user.click(screen.getByRole("button", { name: "Dry run" }));

    await screen.findByText("This is what offboarding would do");
    expect(location.history.at(-1)).toBe("/offboarding?user=u-9&step=review");
    expect(offboardCalls(operations)).toEqual([
      {
        userId: "u-9",
        defaultTargetId: TEAM.id,
        decisions: [
          { keyId: "k-1", action: "REASSIGN", toHolderId: TEAM.id },
          { keyId: "k-2", action: "REVOKE" },
          { keyId: "k-3", action: "REASSIGN", toHolderId: "g-2" },
        ],
        reason: "Left in June (HR-12)",
        allowWiderAccess: false,
        dryRun: true,
      },
    ]);
  });

  it("bulk controls: revoke all inactive, and reassign every key to one holder", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan(),
        HolderOptions: holders,
        OffboardUser: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.click(await screen.findByRole("combobox", { name: "Reassign all 3 keys to" }));
    await user.click(await screen.findByRole("option", { name: /ops@example.org/ }));
    await user.click(screen.getByRole("button", { name: "Reassign 3 keys" }));
    await user.click(await screen.findByRole("button", { name: "Revoke all inactive (1)" }));
    expect(
      (screen.getByRole("combobox", { name: "New holder for billing worker (kh_live_k-1…)" }) as HTMLInputElement)
        .value,
    ).toBe("ops@example.org");
    await user.click(screen.getByRole("button", { name: "Dry run" }));
    await screen.findByText("This is what offboarding would do");
    expect(offboardCalls(operations)[0]?.decisions).toEqual([
      { keyId: "k-1", action: "REASSIGN", toHolderId: "g-2" },
      { keyId: "k-2", action: "REVOKE" },
      { keyId: "k-3", action: "REASSIGN", toHolderId: "g-2" },
    ]);
  });

  it("requires a default holder when some key goes to it, before any dry run", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan([plannedKey({ id: "k-1", name: "solo", suggested: null })]),
        OffboardUser: offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await user.click(await screen.findByRole("button", { name: "Dry run" }));
    expect(await screen.findByText(/Choose a default holder: 1 key goes to it/)).toBeTruthy();
    expect(offboardCalls(operations)).toEqual([]);
  });

  it("shows the server's field error beside the default holder", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan(),
        OffboardUser: failed({ code: "USER_DEPARTED", message: "That holder has departed.", field: "defaultTargetId" }),
      },
    });
    await user.click(await screen.findByRole("button", { name: "Dry run" }));
    expect(await screen.findByText("USER_DEPARTED")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Back to the decisions" }));
    const input = await screen.findByRole("combobox", { name: /Default holder and custodian/ });
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("That holder has departed.")).toBeTruthy();
  });

  it("filters the keys from the URL, across hundreds of keys, a page at a time", async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      plannedKey({ id: `k-${i}`, name: `job ${i}`, active: i % 4 !== 0, suggested: TEAM }),
    );
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide&state=inactive",
      answers: { OffboardingPlan: plan(many) },
    });
    expect(await screen.findByText("1–25 of 30 keys")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Reassign 30 keys" })).toBeTruthy();
  });
});
