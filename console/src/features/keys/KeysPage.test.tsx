import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { choose, pageNextAndBack } from "../../test/interact.js";
import { renderConsole } from "../../test/render.js";
import KeysPage from "./KeysPage.js";
import { keyRow as key, keysAnswer as page } from "./test-support/key-rows.js";

describe("KeysPage", () => {
  it("sends the URL's filters to the server and ignores values a hand-edited URL breaks", async () => {
    const { operations } = renderConsole(<KeysPage />, {
      url: "/keys?environment=PRODUCTION&status=bogus&holderKind=GROUP&expiring=30&unused=abc&q=%20pay%20",
      answers: { Keys: page([key(1)], 1, false) },
    });
    await screen.findByText("key 1");
    expect(operations.find((o) => o.name === "Keys")?.variables).toMatchObject({
      first: 50,
      filter: {
        environment: "PRODUCTION",
        status: undefined,
        holderKind: "GROUP",
        expiresWithinDays: 30,
        search: "pay",
      },
    });
  });

  it("pages by cursor through the URL, and Previous returns to the first page", async () => {
    const user = userEvent.setup();
    const rendered = renderConsole(<KeysPage />, {
      url: "/keys",
      answers: { Keys: (v) => (v.after ? page([key(2)], 51, false) : page([key(1)], 51, true)) },
    });
    await screen.findByText("1–1 of 51 keys");
    await pageNextAndBack(user, rendered, { url: "/keys", first: "key 1", second: "key 2" }, () =>
      expect(screen.getByText("51–51 of 51 keys")).toBeTruthy(),
    );
  });

  it("exports the filtered list and hides New key from a VIEWER", async () => {
    renderConsole(<KeysPage />, {
      role: "VIEWER",
      url: "/keys?environment=STAGING&unused=90",
      answers: { Keys: page([], 0, false) },
    });
    await screen.findByText("No key matches these filters.");
    expect(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/v1/exports/keys.csv?environment=STAGING&unusedForDays=90",
    );
    expect(screen.queryByRole("button", { name: "New key" })).toBeNull();
  });

  it("counts one key as one key", async () => {
    renderConsole(<KeysPage />, { url: "/keys", answers: { Keys: page([key(1)], 1, false) } });
    expect(await screen.findByText("1–1 of 1 key")).toBeTruthy();
    expect(screen.getByRole("navigation", { name: "Pages of keys" })).toBeTruthy();
  });

  it("offers a way out when the filters match nothing: Clear filters empties them and the search box", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<KeysPage />, {
      url: "/keys?q=nothing&status=REVOKED&environment=STAGING",
      answers: {
        Keys: (v) =>
          v.filter && Object.values(v.filter).some(Boolean) ? page([], 0, false) : page([key(1)], 1, false),
      },
    });
    await screen.findByText("No key matches these filters.");
    expect((screen.getByRole("textbox", { name: "Search" }) as HTMLInputElement).value).toBe("nothing");
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await screen.findByText("key 1");
    expect(location.history.at(-1)).toBe("/keys");
    expect(operations.filter((o) => o.name === "Keys").at(-1)?.variables.filter).toEqual({});
    expect((screen.getByRole("textbox", { name: "Search" }) as HTMLInputElement).value).toBe("");
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("returns focus to New key when its dialog is closed with Esc", async () => {
    const user = userEvent.setup();
    renderConsole(<KeysPage />, { role: "OPERATOR", url: "/keys", answers: { Keys: page([key(1)], 1, false) } });
    const button = await screen.findByRole("button", { name: "New key" });
    await user.click(button);
    await screen.findByRole("dialog", { name: "New API key" });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button));
  });

  it("changing a filter goes back to the first page", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<KeysPage />, {
      url: "/keys?page=Y3Vyc29y",
      answers: { Keys: page([key(1)], 1, false) },
    });
    await screen.findByText("key 1");
    await choose(user, "Status", "Revoked");
    await waitFor(() => expect(location.history.at(-1)).toBe("/keys?status=REVOKED"));
  });
});
