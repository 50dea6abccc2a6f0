import type { Role } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answerOf } from "../../test/render.js";
import { keyRow } from "../keys/test-support/key-rows.js";
import { HolderQuery } from "./holder.graphql.js";
import { renderHolder } from "./render-holder.js";
import { auditEvent, groupDetail, holderAudit, holderKeys, userDetail } from "./test-support/holder-fixtures.js";

/** Ana after she left, her console access removed. */
const departed = () => userDetail({ status: "DEPARTED", departedAt: "2026-03-04T10:00:00.000Z", consoleRole: null });

function headings() {
  return screen.getAllByRole("heading").map((h) => `${h.tagName}:${h.textContent}`);
}

/** Renders Ana's page (user u-7, as `holder` answers it) as `role` sees it, once loaded. */
async function showAna(role: Role = "ADMIN", holder = userDetail()) {
  renderHolder("/holders/u-7", { Holder: holder }, role);
  await screen.findByRole("heading", { level: 1, name: "ana@example.org" });
}

describe("HolderPage", () => {
  it("shows a user's keys, collaborations, group emails, console access and timeline", async () => {
    await showAna();
    expect(headings()).toEqual([
      "H1:ana@example.org",
      "H2:Keys",
      "H2:Collaborations",
      "H2:Group emails",
      "H2:Console access",
      "H2:Audit timeline",
    ]);
    const collaborations = screen.getByRole("table", { name: "Collaborations" });
    const row = within(collaborations).getAllByRole("row")[1] as HTMLElement;
    expect(within(row).getByRole("link", { name: "parking" }).getAttribute("href")).toBe("/services/s-1");
    expect(within(row).getByText("Billing")).toBeTruthy();
    expect(within(row).getByText("Admin")).toBeTruthy();
    const groups = screen.getByRole("table", { name: "Group emails of ana@example.org" });
    expect(within(groups).getByRole("link", { name: "team@example.org" }).getAttribute("href")).toBe("/holders/g-1");
    expect(screen.getByRole("link", { name: "Offboard…" }).getAttribute("href")).toBe("/offboarding?user=u-7");
  });

  it("shows a group email's members and no console access", async () => {
    renderHolder("/holders/g-1", { Holder: groupDetail() });
    await screen.findByRole("heading", { level: 1, name: "team@example.org" });
    expect(headings()).toEqual([
      "H1:team@example.org",
      "H2:Keys",
      "H2:Collaborations",
      "H2:Members",
      "H2:Audit timeline",
    ]);
    expect(screen.getByText("The finance team's mailbox")).toBeTruthy();
    const members = screen.getByRole("table", { name: "Members of team@example.org" });
    expect(within(members).getAllByRole("row")).toHaveLength(3);
    expect(screen.queryByRole("link", { name: "Offboard…" })).toBeNull();
  });

  it("warns on a group email with fewer than two active members", async () => {
    renderHolder("/holders/g-1", { Holder: groupDetail({ activeMemberCount: 1, healthy: false }) });
    await screen.findByRole("heading", { level: 1, name: "team@example.org" });
    expect(screen.getByText("needs members")).toBeTruthy();
    expect(screen.getByText(/Needs at least two active members; it has 1/)).toBeTruthy();
  });

  it("says plainly when there is no such holder", async () => {
    renderHolder("/holders/u-404", { Holder: answerOf(HolderQuery, { holder: null }) });
    expect(await screen.findByRole("heading", { level: 1, name: "No such holder" })).toBeTruthy();
  });

  it("leads back to the holders list", async () => {
    await showAna("VIEWER");
    expect(screen.getByRole("link", { name: "Holders" }).getAttribute("href")).toBe("/holders");
  });

  it("shows a VIEWER no write action", async () => {
    renderHolder("/holders/g-1", { Holder: groupDetail(), HolderKeys: holderKeys([keyRow(1)]) }, "VIEWER");
    await screen.findByText("key 1");
    expect(screen.getByRole("table", { name: "Members of team@example.org" })).toBeTruthy();
    for (const name of ["Edit", "New key", "Add member", "Remove member1@example.org"]) {
      expect(screen.queryByRole("button", { name })).toBeNull();
    }
    expect(screen.queryByRole("columnheader", { name: "Actions" })).toBeNull();
  });

  it("shows a VIEWER a user without Offboard or console access", async () => {
    await showAna("VIEWER");
    expect(screen.queryByRole("link", { name: "Offboard…" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Add to group email" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Console access" })).toBeNull();
  });

  it("keeps console access for ADMIN: an OPERATOR edits and offboards but does not see it", async () => {
    await showAna("OPERATOR");
    expect(screen.getByRole("button", { name: "Edit" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Offboard…" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Console access" })).toBeNull();
  });

  it("a departed user can be neither edited, offboarded nor given keys", async () => {
    await showAna("ADMIN", departed());
    expect(screen.getByText(/^departed /)).toBeTruthy();
    for (const name of ["Edit", "New key", "Add to group email"])
      expect(screen.queryByRole("button", { name })).toBeNull();
    expect(screen.queryByRole("link", { name: "Offboard…" })).toBeNull();
    expect(screen.getByText("Departed users cannot sign in.")).toBeTruthy();
  });

  it("a departed user who still holds keys links to finishing their offboarding", async () => {
    renderHolder("/holders/u-7", {
      Holder: departed(),
      HolderKeys: holderKeys([keyRow(1)]),
    });
    const finish = await screen.findByRole("link", { name: "Finish offboarding…" });
    expect(finish.getAttribute("href")).toBe("/offboarding?user=u-7");
    expect(screen.getByText(/has departed but still holds 1 key/)).toBeTruthy();
    // The header does not deny what the keys section shows.
    expect(screen.queryByText(/cannot .*hold keys/)).toBeNull();
    expect(screen.getByText(/cannot be edited, be given keys or become collaborators/)).toBeTruthy();
  });

  it("pages the holder's keys under its own URL parameter", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderHolder("/holders/u-7?tab=x", {
      Holder: userDetail(),
      HolderKeys: (v) => (v.after ? holderKeys([keyRow(2)]) : holderKeys([keyRow(1)], true)),
    });
    await screen.findByText("key 1");
    expect(screen.getByRole("link", { name: "key 1" }).getAttribute("href")).toBe("/keys/k-1");
    await user.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByText("key 2");
    expect(location.history.at(-1)).toBe("/holders/u-7?tab=x&keysPage=a2V5cw");
    expect(operations.filter((o) => o.name === "HolderKeys").at(-1)?.variables).toEqual({
      id: "u-7",
      first: 20,
      after: "a2V5cw",
    });
  });

  it("lists the latest changes with who, when and why, and shows before and after on demand", async () => {
    const user = userEvent.setup();
    const { operations } = renderHolder("/holders/u-7", {
      Holder: userDetail(),
      HolderAudit: holderAudit([auditEvent], 31),
    });
    await screen.findByText("User edited");
    expect(operations.find((o) => o.name === "HolderAudit")?.variables).toEqual({ subjectId: "u-7", first: 20 });
    expect(screen.getByText("The latest 1 of 31 changes.")).toBeTruthy();
    expect(screen.getByText("Reason: fixing a typo")).toBeTruthy();
    expect(screen.getByRole("link", { name: "boss@example.org" }).getAttribute("href")).toBe("/holders/u-2");
    expect(screen.getByRole("link", { name: "All events" }).getAttribute("href")).toBe("/audit?subject=u-7");
    const details = screen.getByRole("button", { name: "Details" });
    expect(details.getAttribute("aria-expanded")).toBe("false");
    await user.click(details);
    await waitFor(() => expect(details.getAttribute("aria-expanded")).toBe("true"));
    const diff = screen.getByRole("table", { name: "Changes to User edited" });
    const [, changed] = within(diff).getAllByRole("row");
    expect(changed?.textContent).toBe("nameAnAna");
  });
});
