import type { ResultOf } from "@keyholder/graphql";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answerOf, renderConsole, type WithTypenames } from "../../test/render.js";
import OffboardingPage from "../offboarding/OffboardingPage.js";
import OverviewPage from "../overview/OverviewPage.js";
import { LeaverCasesQuery, OpenLeaverCaseCountQuery } from "./leavers.graphql.js";

type LeaverCase = WithTypenames<ResultOf<typeof LeaverCasesQuery>["leaverCases"][number]>;

function leaverCase(
  id: string,
  email: string,
  openedAt: string,
  wouldBreak: string[],
  suggested: (string | null)[],
): LeaverCase {
  return {
    __typename: "LeaverCase",
    id,
    openedAt,
    openedBy: "scim:okta",
    user: { __typename: "User", id: `u-${id}`, email, name: email.split("@")[0] ?? email },
    plan: {
      __typename: "OffboardingPlan",
      wouldBreak,
      keys: suggested.map((s, i) => ({ __typename: "PlannedKey", keyId: `${id}-k${i}`, suggestedHolderId: s })),
    },
  };
}

const CASES = answerOf(LeaverCasesQuery, {
  leaverCases: [
    leaverCase(
      "c1",
      "ann@agency.gov.example",
      "2026-11-01T09:00:00.000Z",
      [
        "fines-prod (kh_live_abc…) stops working on fines once ann@agency.gov.example is no longer a Billing collaborator.",
        "fines loses its only Billing collaborator.",
        "team-a@agency.gov.example loses its last active member.",
        "parking-prod (kh_live_def…) stops working on parking once ann@agency.gov.example is no longer a Billing collaborator.",
      ],
      ["g-1", null],
    ),
    leaverCase("c2", "bob@agency.gov.example", "2026-11-20T09:00:00.000Z", [], []),
  ],
});

/** The overview's count of open leaver cases. */
const openCases = (openLeaverCaseCount: number) => answerOf(OpenLeaverCaseCountQuery, { openLeaverCaseCount });

describe("the offboarding queue", { timeout: 20_000 }, () => {
  it("lists open leaver cases oldest first, with what would break, and opens the wizard for the one picked", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OffboardingPage />, {
      role: "OPERATOR",
      url: "/offboarding",
      answers: { LeaverCases: CASES },
    });
    const queue = await screen.findByRole("region", { name: "Leavers waiting (2)" });
    expect(operations.find((o) => o.name === "LeaverCases")?.variables).toEqual({ first: 50 });
    const items = within(queue).getAllByRole("listitem", { name: /^Leaver / });
    expect(items.map((i) => i.getAttribute("aria-label"))).toEqual([
      "Leaver ann@agency.gov.example",
      "Leaver bob@agency.gov.example",
    ]);
    const ann = items[0] as HTMLElement;
    expect(within(ann).getByText("2 keys")).toBeTruthy();
    expect(within(ann).getByText("1 without a successor")).toBeTruthy();
    expect(within(ann).getByText("fines loses its only Billing collaborator.")).toBeTruthy();
    expect(within(ann).getByText("and 1 more")).toBeTruthy();
    expect(within(ann).getByText(/by scim:okta/)).toBeTruthy();
    expect(within(items[1] as HTMLElement).getByText("Nothing would break.")).toBeTruthy();
    // The picker stays for anyone else who leaves.
    expect(screen.getByText("Who is leaving?")).toBeTruthy();

    await user.click(within(ann).getByRole("button", { name: "Plan the offboarding of ann@agency.gov.example" }));
    expect(location.history.at(-1)).toBe("/offboarding?user=u-c1");
  });

  it("shows no queue while nobody is waiting", async () => {
    renderConsole(<OffboardingPage />, {
      role: "OPERATOR",
      url: "/offboarding",
      answers: { LeaverCases: answerOf(LeaverCasesQuery, { leaverCases: [] }) },
    });
    await screen.findByText("Who is leaving?");
    expect(screen.queryByRole("region", { name: /Leavers waiting/ })).toBeNull();
  });
});

describe("the overview's leavers waiting card", () => {
  it("counts the open cases and links an OPERATOR to the queue", async () => {
    renderConsole(<OverviewPage />, { role: "OPERATOR", answers: { OpenLeaverCaseCount: openCases(3) } });
    const card = await screen.findByRole("region", { name: "Leavers waiting" });
    expect(within(card).getByTestId("leavers-waiting-count").textContent).toBe("3");
    expect(within(card).getByText(/3 people deactivated by the identity provider/)).toBeTruthy();
    expect(within(card).getByRole("link", { name: "Open the offboarding queue" }).getAttribute("href")).toBe(
      "/offboarding",
    );
  });

  it("a VIEWER sees the count without the link; with no case open there is no card", async () => {
    const viewer = renderConsole(<OverviewPage />, {
      role: "VIEWER",
      answers: { OpenLeaverCaseCount: openCases(1) },
    });
    const card = await screen.findByRole("region", { name: "Leavers waiting" });
    expect(within(card).queryByRole("link")).toBeNull();
    viewer.unmount();
    renderConsole(<OverviewPage />, { answers: { OpenLeaverCaseCount: openCases(0) } });
    await screen.findByRole("heading", { level: 1, name: "Overview" });
    expect(screen.queryByRole("region", { name: "Leavers waiting" })).toBeNull();
  });
});
