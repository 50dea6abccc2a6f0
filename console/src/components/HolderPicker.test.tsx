import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderConsole } from "../test/render.js";
import { HolderPicker } from "./HolderPicker.js";

const ben = { __typename: "User", id: "u-3", email: "ben@example.org", name: "Ben", kind: "USER", status: "DEPARTED" };
const ana = { __typename: "User", id: "u-4", email: "ana@example.org", name: "Ana", kind: "USER", status: "ACTIVE" };

function renderPicker(nodes: unknown[]) {
  return renderConsole(<HolderPicker label="Holder" kind="USER" value={null} onChange={() => {}} />, {
    answers: { HolderOptions: (v) => ({ holders: { nodes: (v.filter as { search?: string })?.search ? nodes : [] } }) },
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
