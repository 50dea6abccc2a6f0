import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { holderOptions, userOption } from "../test/holder-options.js";
import { renderConsole } from "../test/render.js";
import { HolderPicker } from "./HolderPicker.js";

const ben = userOption("u-3", "ben@example.org", "Ben", "DEPARTED");
const ana = userOption("u-4", "ana@example.org", "Ana");

/** The picker, whose search finds `nodes` (and nothing before a search). */
function renderPicker(nodes: ReturnType<typeof userOption>[]) {
  return renderConsole(<HolderPicker label="Holder" kind="USER" value={null} onChange={() => {}} />, {
    answers: {
      HolderOptions: (v) => ((v.filter as { search?: string })?.search ? holderOptions(...nodes) : holderOptions()),
    },
  });
}

describe("HolderPicker", () => {
  it("says a searched-for user has left instead of showing an empty list", async () => {
    const user = userEvent.setup();
    renderPicker([ben]);
    await user.type(screen.getByRole("combobox", { name: "Holder" }), "ben");
    expect(await screen.findByText("ben@example.org has left: departed users cannot be chosen here.")).toBeTruthy();
    expect(screen.queryByRole("option", { name: /ben@example.org/ })).toBeNull();
  });

  it("offers the active users a search finds, and not the departed ones", async () => {
    const user = userEvent.setup();
    renderPicker([ben, ana]);
    await user.type(screen.getByRole("combobox", { name: "Holder" }), "example");
    expect(await screen.findByRole("option", { name: /ana@example.org/ })).toBeTruthy();
    expect(screen.queryByRole("option", { name: /ben@example.org/ })).toBeNull();
  });
});
