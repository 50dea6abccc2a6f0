import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderConsole } from "../../test/render.js";
import AuditPage from "./AuditPage.js";

function event(id: string, overrides: Record<string, unknown> = {}) {
  return {
    __typename: "AuditEvent",
    id,
    occurredAt: "2026-05-02T10:00:00.000Z",
    action: "api_key.updated",
    actorId: "u-2",
    actorLabel: "op@example.org",
    credentialKind: "SESSION",
    subjectType: "ApiKey",
    subjectId: "k-1",
    before: { name: "old name", prefix: "kh_live_ab", environment: "PRODUCTION" },
    after: { name: "billing worker", prefix: "kh_live_ab", environment: "PRODUCTION" },
    reason: null,
    requestId: "req-1",
    ...overrides,
  };
}

function page(nodes: unknown[], total = nodes.length, hasNextPage = false) {
  return {
    auditEvents: {
      __typename: "AuditEventConnection",
      totalCount: total,
      pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "Y3Vyc29y" : null },
      nodes,
    },
  };
}

describe("AuditPage", () => {
  it("sends the URL's filters, with the inclusive end date as the start of the next day", async () => {
    const { operations } = renderConsole(<AuditPage />, {
      url: "/audit?action=api_key.&subjectType=ApiKey&actor=u-2&subject=k-1&from=2026-05-01&to=2026-05-31",
      answers: {
        AuditEvents: page([event("1")]),
        AuditActor: { user: { __typename: "User", id: "u-2", email: "op@example.org", kind: "USER" } },
      },
    });
    await screen.findByRole("table", { name: "Audit events" });
    expect(operations.find((o) => o.name === "AuditEvents")?.variables).toEqual({
      first: 50,
      after: undefined,
      filter: {
        action: "api_key.",
        subjectType: "ApiKey",
        actorId: "u-2",
        subjectId: "k-1",
        from: new Date(2026, 4, 1).toISOString(),
        to: new Date(2026, 5, 1).toISOString(),
      },
    });
    await waitFor(() =>
      expect((screen.getByRole("combobox", { name: "Actor" }) as HTMLInputElement).value).toBe("op@example.org"),
    );
  });

  it("ignores filter values a hand-edited URL breaks", async () => {
    const { operations } = renderConsole(<AuditPage />, {
      url: "/audit?action=drop.table&subjectType=Nope&from=yesterday&subject=a%20b",
      answers: { AuditEvents: page([]) },
    });
    await screen.findByText("Nothing has been recorded yet.");
    expect(operations.find((o) => o.name === "AuditEvents")?.variables.filter).toEqual({
      action: undefined,
      subjectType: undefined,
      actorId: undefined,
      subjectId: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it("picking an action family filters by its prefix and goes back to the first page", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<AuditPage />, {
      url: "/audit?page=Y3Vyc29y",
      answers: { AuditEvents: page([event("1")]) },
    });
    await screen.findByRole("table", { name: "Audit events" });
    await user.click(screen.getByRole("combobox", { name: "Action" }));
    await user.click(await screen.findByRole("option", { name: "Every service event" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit?action=service."));
    await waitFor(() =>
      expect(operations.at(-1)?.variables).toMatchObject({ after: undefined, filter: { action: "service." } }),
    );
  });

  it("links each subject to its page by type, and names it from its snapshot", async () => {
    renderConsole(<AuditPage />, {
      answers: {
        AuditEvents: page([
          event("1"),
          event("2", {
            action: "collaborator.added",
            subjectType: "Service",
            subjectId: "s-1",
            before: null,
            after: { service: "parking", holder: "team@example.org", role: "BILLING" },
          }),
          event("3", {
            action: "group_email.created",
            subjectType: "GroupEmail",
            subjectId: "g-1",
            before: null,
            after: { email: "team@example.org" },
          }),
          event("4", {
            action: "access_token.created",
            subjectType: "AccessToken",
            subjectId: "t-1",
            before: null,
            after: { name: "feed" },
          }),
        ]),
      },
    });
    const table = await screen.findByRole("table", { name: "Audit events" });
    expect(within(table).getByRole("link", { name: "billing worker (kh_live_ab…)" }).getAttribute("href")).toBe(
      "/keys/k-1",
    );
    expect(within(table).getByRole("link", { name: "parking" }).getAttribute("href")).toBe("/services/s-1");
    expect(within(table).getByRole("link", { name: "team@example.org" }).getAttribute("href")).toBe("/holders/g-1");
    expect(within(table).getByText("feed").closest("a")).toBeNull();
  });

  it("opens an event's before/after with the changed fields highlighted, and keeps it in the URL", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<AuditPage />, {
      url: "/audit?action=api_key.",
      answers: { AuditEvents: page([event("7", { reason: "clearer name" })]) },
    });
    await user.click(await screen.findByRole("button", { name: /Show details of api_key.updated/ }));
    expect(location.history.at(-1)).toBe("/audit?action=api_key.&event=7");
    const diff = screen.getByRole("table", { name: "Changes to billing worker (kh_live_ab…)" });
    const rows = within(diff).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.getAttribute("data-changed")).toBe("true");
    expect(within(rows[0] as HTMLElement).getByRole("rowheader").textContent).toBe("name");
    expect(within(rows[0] as HTMLElement).getByText("old name")).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText("billing worker")).toBeTruthy();
    expect(JSON.parse(screen.getByTestId("unchanged").textContent ?? "")).toEqual({
      prefix: "kh_live_ab",
      environment: "PRODUCTION",
    });
    await user.click(screen.getByRole("button", { name: "Only events on this API key" }));
    expect(location.history.at(-1)).toBe("/audit?action=api_key.&subject=k-1");
  });

  it("opens the event named in the URL, showing a creation's fields with nothing before", async () => {
    renderConsole(<AuditPage />, {
      url: "/audit?event=9",
      answers: {
        AuditEvents: page([
          event("9", {
            action: "service.created",
            subjectType: "Service",
            subjectId: "s-2",
            before: null,
            after: { slug: "fines", name: "Fines" },
          }),
          event("8", { before: null, after: null, action: "auth.signed_in" }),
        ]),
      },
    });
    const diff = await screen.findByRole("table", { name: "Changes to fines" });
    expect(within(diff).getAllByRole("row")).toHaveLength(3);
    expect(within(diff).getAllByText("—")).toHaveLength(2);
    expect(screen.queryByTestId("unchanged")).toBeNull();
    expect(screen.getByRole("button", { name: /Hide details of service.created/ }).getAttribute("aria-expanded")).toBe(
      "true",
    );
    expect(screen.getByRole("button", { name: /Show details of auth.signed_in/ }).getAttribute("aria-expanded")).toBe(
      "false",
    );
  });
});
