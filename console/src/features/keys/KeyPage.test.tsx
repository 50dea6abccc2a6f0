import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { WithTypenames } from "../../test/render.js";
import type { KeyDetail } from "./key.graphql.js";
import { keyDetail } from "./test-support/key-detail.js";
import { renderKeyPage } from "./test-support/render-key-page.js";

/** A page of the key's history: events `from` to `to` (newest first), of `total`. */
function historyPage(
  from: number,
  to: number,
  total: number,
  hasNextPage: boolean,
): WithTypenames<KeyDetail["history"]> {
  const nodes: WithTypenames<KeyDetail["history"]["nodes"]> = [];
  for (let n = from; n >= to; n--) {
    nodes.push({
      __typename: "AuditEvent",
      id: `e-${n}`,
      action: "api_key.updated",
      actorLabel: `ops${n}@example.org`,
      occurredAt: "2025-01-02T10:00:00.000Z",
      reason: `change ${n}`,
      before: { name: `old ${n}` },
      after: { name: `new ${n}` },
    });
  }
  return {
    __typename: "AuditEventConnection",
    totalCount: total,
    pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: `ZS0${to}` },
    nodes,
  };
}

const ACTIONS = ["Edit", "Rotate", "Reassign", "Revoke"];
const shownActions = () => ACTIONS.filter((name) => screen.queryByRole("button", { name }));

describe("KeyPage", () => {
  it("shows who holds the key and where it works, and asks for the key in the URL", async () => {
    const { operations } = renderKeyPage(keyDetail());
    expect(await screen.findByRole("heading", { level: 1, name: "billing-worker" })).toBeTruthy();
    expect(operations.find((o) => o.name === "Key")?.variables).toEqual({ id: "k-1", historyFirst: 25 });
    expect(screen.getAllByRole("link", { name: "alice@example.org" })[0]?.getAttribute("href")).toBe("/holders/u-2");
    const works = screen.getByRole("list", { name: "Services this key works on" });
    expect(within(works).getByRole("link", { name: "parking" }).getAttribute("href")).toBe("/services/s-1");
    expect(screen.getByRole("table", { name: "History of this key, newest first" })).toBeTruthy();
  });

  it("pages the key's history under its own URL parameter, newest first", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderKeyPage((v) =>
      keyDetail({ history: v.historyAfter ? historyPage(5, 1, 30, false) : historyPage(30, 6, 30, true) }),
    );
    const table = await screen.findByRole("table", { name: "History of this key, newest first" });
    expect(within(table).getByText("change 30")).toBeTruthy();
    expect(within(table).queryByText("change 5")).toBeNull();
    const pages = screen.getByRole("navigation", { name: "Pages of events" });
    expect(within(pages).getByText("1–25 of 30 events")).toBeTruthy();
    await user.click(within(pages).getByRole("button", { name: "Next" }));
    expect(await screen.findByText("change 5")).toBeTruthy();
    expect(screen.queryByText("change 30")).toBeNull();
    expect(within(pages).getByText("26–30 of 30 events")).toBeTruthy();
    expect(location.history.at(-1)).toBe("/keys/k-1?historyPage=ZS06");
    expect(operations.filter((o) => o.name === "Key").at(-1)?.variables).toEqual({
      id: "k-1",
      historyFirst: 25,
      historyAfter: "ZS06",
    });
    expect(within(pages).getByRole("button", { name: "Next" }).hasAttribute("disabled")).toBe(true);
  });

  it("says nothing is recorded for a key without history, with no pager", async () => {
    renderKeyPage(keyDetail({ history: historyPage(0, 1, 0, false) }));
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.getByText("Nothing recorded yet.")).toBeTruthy();
    expect(screen.queryByRole("navigation", { name: "Pages of events" })).toBeNull();
  });

  it("says when a key was imported without its digest and so cannot be verified here", async () => {
    renderKeyPage(keyDetail({ verifiable: false, prefix: "pk_old", importedAt: "2026-12-04T10:00:00.000Z" }));
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.getByText("Cannot be verified here")).toBeTruthy();
  });

  it("says nothing of the kind for a key it can verify", async () => {
    renderKeyPage(keyDetail());
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.queryByText("Cannot be verified here")).toBeNull();
  });

  it("copies the key's prefix and id with their own buttons", async () => {
    const user = userEvent.setup();
    renderKeyPage(keyDetail(), { role: "VIEWER" });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    await user.click(screen.getByRole("button", { name: "Copy prefix" }));
    expect(await navigator.clipboard.readText()).toBe("kh_live_abc123");
    expect(await screen.findByRole("button", { name: "Copied prefix" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Copy key id" }));
    expect(await navigator.clipboard.readText()).toBe("k-1");
  });

  it("a VIEWER sees the key but no action", async () => {
    renderKeyPage(keyDetail(), { role: "VIEWER" });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(shownActions()).toEqual([]);
  });

  it("an OPERATOR is offered only what the status allows", async () => {
    const view = renderKeyPage(keyDetail(), { role: "OPERATOR" });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(shownActions()).toEqual(ACTIONS);
    view.unmount();

    const expired = renderKeyPage(keyDetail({ status: "EXPIRED", worksOn: [] }), { role: "OPERATOR" });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(shownActions()).toEqual(["Edit", "Reassign", "Revoke"]);
    expired.unmount();

    renderKeyPage(keyDetail({ status: "REVOKED", revokedAt: "2025-03-01T00:00:00.000Z", worksOn: [] }), {
      role: "OPERATOR",
    });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(shownActions()).toEqual([]);
  });

  it("says why a revoked key works nowhere, and that its old secret stopped too", async () => {
    renderKeyPage(
      keyDetail({
        status: "REVOKED",
        worksOn: [],
        revokedAt: "2025-03-01T12:00:00.000Z",
        revokedReason: "leaked in a log",
        revokedBy: { __typename: "User", id: "u-9", email: "ops@example.org" },
        rotatedAt: "2025-02-28T12:00:00.000Z",
        previousPrefix: "kh_live_old999",
        previousSecretExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    expect(await screen.findByText(/The key was revoked on .*: leaked in a log\./)).toBeTruthy();
    expect(screen.getByText("Reason: leaked in a log")).toBeTruthy();
    // Revoking ends a rotation's overlap as well.
    expect(screen.getByText(/which stopped working when the key was revoked/)).toBeTruthy();
  });

  it("explains an active key whose holder is Billing nowhere", async () => {
    renderKeyPage(keyDetail({ worksOn: [] }));
    expect(
      await screen.findByText(/its holder alice@example.org is not a Billing collaborator on any service/),
    ).toBeTruthy();
  });

  it("warns when the holder has departed and shows the previous secret's overlap", async () => {
    const until = new Date(Date.now() + 5 * 3_600_000).toISOString();
    renderKeyPage(
      keyDetail({
        holder: { ...keyDetail().holder, status: "DEPARTED", departedAt: "2025-02-01T00:00:00.000Z" },
        rotatedAt: "2025-02-03T00:00:00.000Z",
        previousPrefix: "kh_live_old999",
        previousSecretExpiresAt: until,
      }),
    );
    expect(await screen.findByText("Held by someone who has left")).toBeTruthy();
    expect(screen.getByText("kh_live_old999…")).toBeTruthy();
    expect(screen.getByText(/which still works until/)).toBeTruthy();
  });

  it("shows a not-found page for an unknown key", async () => {
    renderKeyPage(null, { url: "/keys/00000000-0000-4000-8000-000000000000" });
    expect(await screen.findByRole("heading", { level: 1, name: "No such API key" })).toBeTruthy();
  });
});
