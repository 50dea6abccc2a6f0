import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { choose, pageNextAndBack } from "../../test/interact.js";
import { renderConsole } from "../../test/render.js";
import HoldersPage from "./HoldersPage.js";
import { groupRow, holdersPage, userRow } from "./test-support/holder-fixtures.js";

describe("HoldersPage", () => {
  it("sends the URL's search, kind and status to the server, ignoring values a hand-edited URL breaks", async () => {
    const { operations } = renderConsole(<HoldersPage />, {
      url: "/holders?q=%20ana%20&kind=USER&status=DEPARTED",
      answers: { Holders: holdersPage([userRow(1)], 1, false) },
    });
    await screen.findByText("person1@example.org");
    expect(operations.find((o) => o.name === "Holders")?.variables).toMatchObject({
      first: 50,
      filter: { search: "ana", kind: "USER", status: "DEPARTED" },
    });
  });

  it("drops a status filter for group emails, which have none", async () => {
    const { operations } = renderConsole(<HoldersPage />, {
      url: "/holders?kind=GROUP&status=ACTIVE",
      answers: { Holders: holdersPage([groupRow(1)], 1, false) },
    });
    await screen.findByText("team1@example.org");
    expect(operations.find((o) => o.name === "Holders")?.variables.filter).toEqual({
      search: undefined,
      kind: "GROUP",
      status: undefined,
    });
    expect(screen.getByRole("combobox", { name: "Status" }).hasAttribute("disabled")).toBe(true);
  });

  it("ignores unknown kinds and statuses", async () => {
    const { operations } = renderConsole(<HoldersPage />, {
      url: "/holders?kind=ROBOT&status=gone",
      answers: { Holders: holdersPage([], 0, false) },
    });
    await screen.findByText("No holders yet.");
    expect(operations[0]?.variables.filter).toEqual({ search: undefined, kind: undefined, status: undefined });
  });

  it("debounces the search into the URL as q and goes back to the first page", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<HoldersPage />, {
      url: "/holders?page=Y3Vyc29y",
      answers: { Holders: holdersPage([userRow(1)], 1, false) },
    });
    await screen.findByText("person1@example.org");
    await user.type(screen.getByRole("textbox", { name: "Search" }), "fin");
    await waitFor(() => expect(location.history.at(-1)).toBe("/holders?q=fin"));
    await waitFor(() =>
      expect(operations.at(-1)?.variables).toMatchObject({ after: undefined, filter: { search: "fin" } }),
    );
    // One request for the typed word, not one per keystroke.
    expect(operations.filter((o) => (o.variables.filter as { search?: string }).search !== undefined)).toHaveLength(1);
  });

  it("choosing group emails clears the status filter and the page", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<HoldersPage />, {
      url: "/holders?status=ACTIVE&page=Y3Vyc29y",
      answers: { Holders: holdersPage([userRow(1)], 1, false) },
    });
    await screen.findByText("person1@example.org");
    await choose(user, "Kind", "Group emails");
    await waitFor(() => expect(location.history.at(-1)).toBe("/holders?kind=GROUP"));
  });

  it("pages by cursor through the URL", async () => {
    const user = userEvent.setup();
    const rendered = renderConsole(<HoldersPage />, {
      url: "/holders?kind=USER",
      answers: {
        Holders: (v) => (v.after ? holdersPage([userRow(2)], 51, false) : holdersPage([userRow(1)], 51, true)),
      },
    });
    await screen.findByText("1–1 of 51 holders");
    const pages = { url: "/holders?kind=USER", first: "person1@example.org", second: "person2@example.org" };
    await pageNextAndBack(user, rendered, pages, (variables) =>
      expect(variables).toMatchObject({ filter: { kind: "USER" } }),
    );
  });

  it("shows each row's state: departure, member count with a warning below two, keys and console role", async () => {
    renderConsole(<HoldersPage />, {
      url: "/holders",
      answers: {
        Holders: holdersPage(
          [
            userRow(1, { consoleRole: "ADMIN" }),
            userRow(2, { status: "DEPARTED", departedAt: "2026-03-04T10:00:00.000Z" }),
            groupRow(3, { activeMemberCount: 1, healthy: false }),
            groupRow(4, { activeMemberCount: 3, healthy: true }),
          ],
          4,
          false,
        ),
      },
    });
    const table = await screen.findByRole("table", { name: "Holders" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(
      within(rows[0] as HTMLElement)
        .getByRole("link", { name: "person1@example.org" })
        .getAttribute("href"),
    ).toBe("/holders/u-1");
    expect(within(rows[0] as HTMLElement).getByText("Admin")).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText("departed")).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText("1 active member")).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText("needs members")).toBeTruthy();
    expect(within(rows[3] as HTMLElement).getByText("3 active members")).toBeTruthy();
    expect(within(rows[3] as HTMLElement).queryByText("needs members")).toBeNull();
  });

  it("offers New user and New group email to an OPERATOR, not to a VIEWER", async () => {
    const { unmount } = renderConsole(<HoldersPage />, {
      role: "OPERATOR",
      url: "/holders",
      answers: { Holders: holdersPage([], 0, false) },
    });
    expect(await screen.findByRole("button", { name: "New user" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "New group email" })).toBeTruthy();
    unmount();
    renderConsole(<HoldersPage />, {
      role: "VIEWER",
      url: "/holders",
      answers: { Holders: holdersPage([], 0, false) },
    });
    await screen.findByText("No holders yet.");
    expect(screen.queryByRole("button", { name: "New user" })).toBeNull();
    expect(screen.queryByRole("button", { name: "New group email" })).toBeNull();
  });

  it("says when the filters match nothing", async () => {
    renderConsole(<HoldersPage />, { url: "/holders?q=zzz", answers: { Holders: holdersPage([], 0, false) } });
    expect(await screen.findByText("No holder matches these filters.")).toBeTruthy();
  });
});
