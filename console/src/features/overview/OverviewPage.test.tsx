import type { ResultOf } from "@keyholder/graphql";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { maskFragments } from "gql.tada";
import { describe, expect, it } from "vitest";
import { answerOf, renderConsole, type WithTypenames } from "../../test/render.js";
import OverviewPage from "./OverviewPage.js";
import { OverviewRisksQuery, RiskCategoryFields } from "./overview.graphql.js";

type RiskItem = ResultOf<typeof RiskCategoryFields>["items"][number];
/** A risk item: what it names, the rest derived from its title unless given. */
type Item = Pick<RiskItem, "subjectType" | "subjectId" | "title"> & Partial<RiskItem>;
type Risks = ResultOf<typeof OverviewRisksQuery>["risks"];

/** A risk category as the API answers it (masked, as its fragment is): `count` in all, `items` shown. */
function category(count: number, items: Item[] = []) {
  const data: WithTypenames<ResultOf<typeof RiskCategoryFields>> = {
    __typename: "RiskCategory",
    count,
    items: items.map((i) => ({
      __typename: "RiskItem",
      detail: `detail of ${i.title}`,
      fix: `fix ${i.title}`,
      holderId: null,
      holderEmail: null,
      ...i,
    })),
  };
  return maskFragments([RiskCategoryFields], data);
}

function keys(prefix: string, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    subjectType: "API_KEY" as const,
    subjectId: `${prefix}-${i}`,
    title: `${prefix} ${i}`,
  }));
}

function risks(overrides: Partial<Risks> = {}) {
  return answerOf(OverviewRisksQuery, {
    risks: {
      __typename: "Risks",
      productionKeysHeldByIndividuals: category(0),
      keysHeldByDepartedUsers: category(0),
      keysThatWorkNowhere: category(0),
      keysExpiringSoon: category(0),
      unusedKeys: category(0),
      groupEmailsWithFewMembers: category(0),
      servicesWithoutWorkingKey: category(0),
      ...overrides,
    },
  });
}

const card = (name: string) => screen.getByRole("region", { name });

describe("OverviewPage", () => {
  it("asks for the first items with the 30- and 90-day windows, and shows one h2 card per risk under the h1", async () => {
    const { operations } = renderConsole(<OverviewPage />, { answers: { OverviewRisks: risks() } });
    await screen.findByRole("heading", { level: 1, name: "Overview" });
    await screen.findByRole("region", { name: "Keys expiring within 30 days" });
    expect(operations.find((o) => o.name === "OverviewRisks")?.variables).toEqual({
      first: 5,
      expiringWithinDays: 30,
      unusedForDays: 90,
    });
    expect(screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent)).toEqual([
      "Production keys held by individuals",
      "Keys held by departed users",
      "Keys that work nowhere",
      "Keys expiring within 30 days",
      "Keys unused for 90 days",
      "Group emails with fewer than 2 active members",
      "Services with Billing collaborators but no working key",
    ]);
  });

  it("shows a calm card with no links when a count is zero", async () => {
    renderConsole(<OverviewPage />, { answers: { OverviewRisks: risks() } });
    const expiring = await screen.findByRole("region", { name: "Keys expiring within 30 days" });
    expect(within(expiring).getByText("None right now.")).toBeTruthy();
    expect(expiring.getAttribute("data-severity")).toBe("none");
    expect(within(expiring).queryByRole("link")).toBeNull();
    expect(screen.getAllByText("None right now.")).toHaveLength(7);
  });

  it("links expiring and unused keys to the keys list filtered the same way, and items to their pages", async () => {
    renderConsole(<OverviewPage />, {
      answers: {
        OverviewRisks: risks({
          keysExpiringSoon: category(12, keys("exp", 5)),
          unusedKeys: category(3, keys("old", 3)),
          groupEmailsWithFewMembers: category(1, [
            { subjectType: "GROUP_EMAIL", subjectId: "g-1", title: "team@x.org" },
          ]),
          servicesWithoutWorkingKey: category(1, [{ subjectType: "SERVICE", subjectId: "s-1", title: "parking" }]),
        }),
      },
    });
    await screen.findByRole("region", { name: "Keys expiring within 30 days" });
    const expiring = card("Keys expiring within 30 days");
    expect(expiring.getAttribute("data-severity")).toBe("medium");
    expect(within(expiring).getByRole("link", { name: "See all 12 in the keys list" }).getAttribute("href")).toBe(
      "/keys?expiring=30",
    );
    expect(within(expiring).getByRole("link", { name: "exp 0" }).getAttribute("href")).toBe("/keys/exp-0");
    expect(within(expiring).queryByRole("button", { name: /Show all/ })).toBeNull();
    expect(
      within(card("Keys unused for 90 days"))
        .getByRole("link", { name: "See all 3 in the keys list" })
        .getAttribute("href"),
    ).toBe("/keys?unused=90");
    const groups = card("Group emails with fewer than 2 active members");
    expect(within(groups).getByRole("link", { name: "team@x.org" }).getAttribute("href")).toBe("/holders/g-1");
    expect(within(groups).getByRole("link", { name: "All group emails" }).getAttribute("href")).toBe(
      "/holders?kind=GROUP",
    );
    expect(within(groups).queryByRole("link", { name: /See all/ })).toBeNull();
    const services = card("Services with Billing collaborators but no working key");
    expect(within(services).getByRole("link", { name: "parking" }).getAttribute("href")).toBe("/services/s-1");
  });

  it("expands a category with no matching list to its items, fetching up to 100, and keeps that in the URL", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<OverviewPage />, {
      answers: {
        OverviewRisks: (v) => risks({ keysHeldByDepartedUsers: category(7, keys("gone", v.first === 100 ? 7 : 5)) }),
      },
    });
    await screen.findByRole("region", { name: "Keys held by departed users" });
    const departed = card("Keys held by departed users");
    expect(departed.getAttribute("data-severity")).toBe("high");
    expect(within(departed).queryByRole("link", { name: /See all/ })).toBeNull();
    expect(within(departed).getAllByRole("listitem")).toHaveLength(5);
    const showAll = within(departed).getByRole("button", { name: "Show all 7" });
    expect(showAll.getAttribute("aria-expanded")).toBe("false");
    await user.click(showAll);
    await within(departed).findByRole("link", { name: "gone 6" });
    expect(within(departed).getAllByRole("listitem")).toHaveLength(7);
    expect(operations.filter((o) => o.name === "OverviewRisks").at(-1)?.variables.first).toBe(100);
    expect(location.history.at(-1)).toBe("/?show=departed");
    await user.click(within(departed).getByRole("button", { name: "Show fewer" }));
    expect(within(departed).getAllByRole("listitem")).toHaveLength(5);
  });

  it("links each key held by a departed user to offboarding its holder", async () => {
    const gone = (n: number, holder: string): Item => ({
      subjectType: "API_KEY",
      subjectId: `k-${n}`,
      title: `legacy ${n}`,
      holderId: holder,
      holderEmail: `${holder}@x.org`,
    });
    renderConsole(<OverviewPage />, {
      answers: {
        OverviewRisks: risks({
          keysHeldByDepartedUsers: category(2, [gone(1, "u-9"), gone(2, "u-8")]),
          productionKeysHeldByIndividuals: category(1, [gone(3, "u-7")]),
        }),
      },
    });
    const departed = await screen.findByRole("region", { name: "Keys held by departed users" });
    expect(within(departed).getByRole("link", { name: "legacy 1" }).getAttribute("href")).toBe("/keys/k-1");
    expect(within(departed).getByRole("link", { name: "Offboard u-9@x.org" }).getAttribute("href")).toBe(
      "/offboarding?user=u-9",
    );
    expect(within(departed).getByRole("link", { name: "Offboard u-8@x.org" }).getAttribute("href")).toBe(
      "/offboarding?user=u-8",
    );
    // Other categories' keys have holders too, but nothing to offboard.
    expect(screen.queryAllByRole("link", { name: /^Offboard/ })).toHaveLength(2);
  });

  it("does not offer a VIEWER to offboard a departed key holder, which needs OPERATOR", async () => {
    renderConsole(<OverviewPage />, {
      role: "VIEWER",
      answers: {
        OverviewRisks: risks({
          keysHeldByDepartedUsers: category(1, [
            { subjectType: "API_KEY", subjectId: "k-1", title: "legacy", holderId: "u-9", holderEmail: "u-9@x.org" },
          ]),
        }),
      },
    });
    const departed = await screen.findByRole("region", { name: "Keys held by departed users" });
    expect(within(departed).getByRole("link", { name: "legacy" })).toBeTruthy();
    expect(within(departed).queryByRole("link", { name: /^Offboard/ })).toBeNull();
  });

  it("links the individuals' production keys to the list filtered to exactly them, staff only", async () => {
    renderConsole(<OverviewPage />, {
      answers: { OverviewRisks: risks({ productionKeysHeldByIndividuals: category(2, keys("prod", 2)) }) },
    });
    await screen.findByRole("region", { name: "Production keys held by individuals" });
    const production = card("Production keys held by individuals");
    expect(within(production).queryByRole("button", { name: /Show all/ })).toBeNull();
    expect(within(production).getByRole("link", { name: "See all 2 in the keys list" }).getAttribute("href")).toBe(
      "/keys?environment=PRODUCTION&holderStatus=ACTIVE&status=ACTIVE",
    );
  });

  it("says a fix shared by every item once, and a fix that differs beside each item", async () => {
    const same = (n: number): Item => ({
      subjectType: "API_KEY",
      subjectId: `d-${n}`,
      title: `gone ${n}`,
      detail: "left",
      fix: "Reassign it.",
    });
    renderConsole(<OverviewPage />, {
      answers: {
        OverviewRisks: risks({
          keysHeldByDepartedUsers: category(2, [same(1), same(2)]),
          keysThatWorkNowhere: category(2, keys("idle", 2)),
        }),
      },
    });
    const departed = await screen.findByRole("region", { name: "Keys held by departed users" });
    expect(within(departed).getAllByText(/Reassign it\./)).toHaveLength(1);
    const nowhere = card("Keys that work nowhere");
    expect(within(nowhere).getByText("Fix: fix idle 0")).toBeTruthy();
    expect(within(nowhere).getByText("Fix: fix idle 1")).toBeTruthy();
  });
});
