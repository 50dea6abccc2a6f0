import type { ResultOf } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { maskFragments } from "gql.tada";
import { describe, expect, it } from "vitest";
import { pageOf } from "../../test/connection.js";
import { choose } from "../../test/interact.js";
import { answerOf, renderConsole, type WithTypenames } from "../../test/render.js";
import AuditPage from "./AuditPage.js";
import { AuditActorQuery, AuditEntriesQuery, AuditEntryFields, AuditEntrySubjectsQuery } from "./audit.graphql.js";

type AuditEntry = WithTypenames<ResultOf<typeof AuditEntryFields>>;

/** Entry `id`: op@example.org renamed key k-1; `overrides` replace top-level fields. */
function event(id: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    __typename: "AuditEntry",
    id,
    occurredAt: "2026-05-02T10:00:00.000Z",
    action: "api_key.updated",
    actorId: "u-2",
    actorLabel: "op@example.org",
    credentialKind: "SESSION",
    subjectType: "API_KEY",
    subjectId: "k-1",
    subjectLabel: "billing worker (kh_live_ab…)",
    subjectCount: 1,
    before: { name: "old name", prefix: "kh_live_ab", environment: "PRODUCTION" },
    after: { name: "billing worker", prefix: "kh_live_ab", environment: "PRODUCTION" },
    reason: null,
    requestId: "req-1",
    ...overrides,
  };
}

/** The `AuditEntries` answer: `nodes` (masked, as their fragment is) out of `total`. */
function page(nodes: AuditEntry[], total = nodes.length, hasNextPage = false) {
  return answerOf(AuditEntriesQuery, {
    auditEntries: pageOf("AuditEntry", [...maskFragments([AuditEntryFields], nodes)], total, hasNextPage),
  });
}

/** The one change "40" made to 10,000 keys, as the list of entries shows it. */
function manyKeysEntry(overrides: Partial<AuditEntry> = {}) {
  return event("40", {
    action: "api_key.reassigned",
    subjectId: null,
    subjectCount: 10000,
    subjectLabel: "10000 ApiKey",
    ...overrides,
  });
}

/** Key k-n as a subject of entry "40". */
function keySubject(n: number, subjectLabel = `key ${n} (kh_live_${n}…)`) {
  return {
    __typename: "AuditEvent" as const,
    id: `40.${n}`,
    subjectType: "API_KEY" as const,
    subjectId: `k-${n}`,
    subjectLabel,
  };
}

/** A page of the subjects of entry "40". */
function subjectsPage(
  totalCount: number,
  nodes: ReturnType<typeof keySubject>[],
  endCursor: string,
  hasNextPage = false,
) {
  return answerOf(AuditEntrySubjectsQuery, {
    auditEntry: {
      __typename: "AuditEntry",
      id: "40",
      subjects: {
        __typename: "AuditEventConnection",
        totalCount,
        pageInfo: { __typename: "PageInfo", hasNextPage, endCursor },
        nodes,
      },
    },
  });
}

describe("AuditPage", () => {
  it("sends the URL's filters, with the inclusive end date as the start of the next day", async () => {
    const { operations } = renderConsole(<AuditPage />, {
      url: "/audit?action=api_key.&subjectType=API_KEY&actor=u-2&subject=k-1&from=2026-05-01&to=2026-05-31",
      answers: {
        AuditEntries: page([event("1")]),
        AuditActor: answerOf(AuditActorQuery, {
          user: { __typename: "User", id: "u-2", email: "op@example.org", kind: "USER" },
        }),
      },
    });
    await screen.findByRole("table", { name: "Audit events" });
    expect(operations.find((o) => o.name === "AuditEntries")?.variables).toEqual({
      first: 50,
      after: undefined,
      filter: {
        action: "api_key.",
        categories: undefined,
        subjectType: "API_KEY",
        actorId: "u-2",
        subject: "k-1",
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
      url: "/audit?action=drop.table&subjectType=Nope&from=yesterday&actor=a%20b&categories=nope",
      answers: { AuditEntries: page([]) },
    });
    await screen.findByText("No event matches these filters.");
    expect(operations.find((o) => o.name === "AuditEntries")?.variables.filter).toEqual({
      action: undefined,
      categories: ["KEYS", "HOLDERS", "SERVICES", "OFFBOARDING", "NOTIFICATIONS"],
      subjectType: undefined,
      actorId: undefined,
      subject: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it("picking an action family filters by its prefix and goes back to the first page", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<AuditPage />, {
      url: "/audit?page=Y3Vyc29y",
      answers: { AuditEntries: page([event("1")]) },
    });
    await screen.findByRole("table", { name: "Audit events" });
    await choose(user, "Action", "Every service event");
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit?action=service."));
    await waitFor(() =>
      expect(operations.at(-1)?.variables).toMatchObject({ after: undefined, filter: { action: "service." } }),
    );
  });

  it("links each subject to its page by type, named in words by the API", async () => {
    renderConsole(<AuditPage />, {
      answers: {
        AuditEntries: page([
          event("1"),
          event("2", {
            action: "collaborator.added",
            subjectType: "SERVICE",
            subjectId: "s-1",
            subjectLabel: "parking",
            before: null,
            after: { service: "parking", holder: "team@example.org", role: "BILLING" },
          }),
          event("3", {
            action: "group_email.created",
            subjectType: "GROUP_EMAIL",
            subjectId: "g-1",
            subjectLabel: "team@example.org",
            before: null,
            after: { email: "team@example.org" },
          }),
          event("4", {
            action: "access_token.created",
            subjectType: "ACCESS_TOKEN",
            subjectId: "t-1",
            subjectLabel: "feed (khp_4Fq9zX…)",
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
    expect(within(table).getByText("feed (khp_4Fq9zX…)").closest("a")).toBeNull();
  });

  it("opens an event's before/after with the changed fields highlighted, and keeps it in the URL", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<AuditPage />, {
      url: "/audit?action=api_key.",
      answers: { AuditEntries: page([event("7", { reason: "clearer name" })]) },
    });
    await user.click(await screen.findByRole("button", { name: /Show details of Key edited/ }));
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
        AuditEntries: page([
          event("9", {
            action: "service.created",
            subjectType: "SERVICE",
            subjectId: "s-2",
            subjectLabel: "fines",
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
    expect(screen.getByRole("button", { name: /Hide details of Service created/ }).getAttribute("aria-expanded")).toBe(
      "true",
    );
    expect(screen.getByRole("button", { name: /Show details of Signed in/ }).getAttribute("aria-expanded")).toBe(
      "false",
    );
  });

  it("names a reassigned key in its row and expanded view, with the time on one line and in full on hover", async () => {
    const user = userEvent.setup();
    renderConsole(<AuditPage />, {
      answers: {
        AuditEntries: page([
          event("12", {
            action: "api_key.reassigned",
            subjectId: "d1e94add-0000-4000-8000-000000000001",
            subjectLabel: "payments worker (kh_live_Zq…)",
            before: { holder: "leaver@example.org" },
            after: { holder: "finance@example.org" },
          }),
        ]),
      },
    });
    const table = await screen.findByRole("table", { name: "Audit events" });
    expect(within(table).getByRole("link", { name: "payments worker (kh_live_Zq…)" })).toBeTruthy();
    expect(within(table).queryByText(/d1e94add…/)).toBeNull();
    const time = table.querySelector("time");
    expect(time?.getAttribute("dateTime")).toBe("2026-05-02T10:00:00.000Z");
    expect(time?.getAttribute("title")).toMatch(/2026/);
    expect(time?.closest("p")?.style.whiteSpace).toBe("nowrap");
    await user.click(screen.getByRole("button", { name: /Show details of Key reassigned/ }));
    expect(screen.getByText(/Subject:/).parentElement?.textContent).toBe(
      "Subject: payments worker (kh_live_Zq…) (API key)",
    );
  });

  it("sends a typed subject as text for the API to resolve, and says so when nothing matches", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<AuditPage />, {
      url: "/audit",
      answers: { AuditEntries: page([]) },
    });
    await screen.findByText("Nothing has been recorded yet, sign-ins and access tokens aside.");
    await user.type(screen.getByRole("textbox", { name: "Subject" }), "leaver@example.org");
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit?subject=leaver%40example.org"));
    await waitFor(() => expect(operations.at(-1)?.variables.filter).toMatchObject({ subject: "leaver@example.org" }));
    expect(
      await screen.findByText(
        "No event matches these filters: “leaver@example.org” names no holder email, key name or prefix, service slug or id with such events.",
      ),
    ).toBeTruthy();
  });

  it("leaves sign-ins out by default, and keeps the chosen categories in the URL", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<AuditPage />, {
      url: "/audit",
      answers: { AuditEntries: page([event("1")]) },
    });
    const categories = () =>
      (
        operations.filter((o) => o.name === "AuditEntries").at(-1)?.variables.filter as
          | { categories?: string[] }
          | undefined
      )?.categories;
    await screen.findByRole("table", { name: "Audit events" });
    expect(categories()).toEqual(["KEYS", "HOLDERS", "SERVICES", "OFFBOARDING", "NOTIFICATIONS"]);
    const access = screen.getByRole("checkbox", { name: "Sign-in & access" }) as HTMLInputElement;
    expect(access.checked).toBe(false);
    await user.click(access);
    await waitFor(() =>
      expect(location.history.at(-1)).toBe(
        "/audit?categories=keys%2Cholders%2Cservices%2Coffboarding%2Cnotifications%2Caccess",
      ),
    );
    await waitFor(() =>
      expect(categories()).toEqual(["KEYS", "HOLDERS", "SERVICES", "OFFBOARDING", "NOTIFICATIONS", "ACCESS"]),
    );
    await user.click(screen.getByRole("checkbox", { name: "Keys" }));
    await user.click(screen.getByRole("checkbox", { name: "Holders" }));
    await waitFor(() =>
      expect(location.history.at(-1)).toBe("/audit?categories=services%2Coffboarding%2Cnotifications%2Caccess"),
    );
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit"));
  });

  it("reads a change made to many keys as one line that lists its subjects a page at a time", async () => {
    const user = userEvent.setup();
    const { location, operations } = renderConsole(<AuditPage />, {
      url: "/audit",
      answers: {
        AuditEntries: page([
          manyKeysEntry({ before: { holder: "leaver@example.org" }, after: { holder: "finance@example.org" } }),
        ]),
        AuditEntrySubjects: subjectsPage(
          10000,
          Array.from({ length: 50 }, (_, i) => keySubject(i + 1)),
          "c3ViamVjdHM",
          true,
        ),
      },
    });
    const table = await screen.findByRole("table", { name: "Audit events" });
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(within(table).getByText("10,000 API keys")).toBeTruthy();
    expect(screen.getByText("1–1 of 1 change")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Show details of Key reassigned on 10,000 API keys" }));
    const list = await screen.findByRole("list", { name: "Subjects of this change" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(50);
    expect(within(list).getByRole("link", { name: "key 1 (kh_live_1…)" }).getAttribute("href")).toBe("/keys/k-1");
    expect(screen.getByText("1–50 of 10,000 subjects")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Only events on this/ })).toBeNull();
    await user.click(
      within(screen.getByRole("navigation", { name: "Pages of subjects" })).getByRole("button", { name: "Next" }),
    );
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit?event=40&subjects=c3ViamVjdHM"));
    await waitFor(() =>
      expect(operations.filter((o) => o.name === "AuditEntrySubjects").at(-1)?.variables).toEqual({
        id: "40",
        first: 50,
        after: "c3ViamVjdHM",
        subject: null,
      }),
    );
  });

  it("lists only the subjects a subject filter names when a change made to many matches it", async () => {
    const { operations } = renderConsole(<AuditPage />, {
      url: "/audit?subject=billing-worker&event=40",
      answers: {
        AuditEntries: page([manyKeysEntry()]),
        AuditEntrySubjects: subjectsPage(1, [keySubject(7, "billing-worker (kh_live_7…)")], "x"),
      },
    });
    const table = await screen.findByRole("table", { name: "Audit events" });
    expect(within(table).getByText("changed alike, among them “billing-worker”")).toBeTruthy();
    const list = await screen.findByRole("list", { name: "Subjects of this change" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
    expect(
      screen.getByText(/Only the subjects “billing-worker” names; this change was made to 10,000 subjects/),
    ).toBeTruthy();
    expect(screen.getByText("1–1 of 1 subject")).toBeTruthy();
    expect(operations.find((o) => o.name === "AuditEntrySubjects")?.variables).toEqual({
      id: "40",
      first: 50,
      after: undefined,
      subject: "billing-worker",
    });
  });

  it("shows the date filters as the console shows dates, and picks a day into the URL", async () => {
    const user = userEvent.setup();
    const { location } = renderConsole(<AuditPage />, {
      url: "/audit?from=2026-12-04",
      answers: { AuditEntries: page([event("1")]) },
    });
    await screen.findByRole("table", { name: "Audit events" });
    expect(screen.getByRole("button", { name: "From: Dec 4, 2026" }).textContent).toBe("Dec 4, 2026");
    await user.click(screen.getByRole("button", { name: "To (inclusive): Any day" }));
    const picker = await screen.findByLabelText("To (inclusive), pick a day");
    await user.type(picker, "2026-12-31");
    await waitFor(() => expect(location.history.at(-1)).toBe("/audit?from=2026-12-04&to=2026-12-31"));
    expect(screen.getByRole("button", { name: "To (inclusive): Dec 31, 2026" })).toBeTruthy();
  });
});
