import type { ResultOf } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { answerOf, renderConsole } from "../../test/render.js";
import OutboxPage from "./OutboxPage.js";
import { NoticeCategoriesQuery, OutboxQuery, SetNoticeCategoryMutation } from "./outbox.graphql.js";

const notice: Notice & { __typename: string } = {
  __typename: "Notice",
  id: "7",
  category: "EXPIRY",
  recipient: "payments@example.org",
  subject: "API key stripe-live expires in 7 days",
  textBody: "The production API key stripe-live (kh_live_ab12…) expires on 2026-12-11.",
  status: "STORED",
  attempts: 1,
  lastError: null,
  createdAt: "2026-12-04T07:00:00.000Z",
  sentAt: null,
};
type Notice = ResultOf<typeof OutboxQuery>["outbox"]["nodes"][number];
const outbox = (nodes: Notice[]) =>
  answerOf(OutboxQuery, {
    outbox: {
      __typename: "NoticeConnection",
      totalCount: nodes.length,
      pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
      nodes,
    },
  });
const categories = answerOf(NoticeCategoriesQuery, {
  noticeCategories: ["EXPIRY", "KEY_CHANGE", "OFFBOARDING", "GROUP", "DIGEST"].map((category) => ({
    __typename: "NoticeCategorySetting",
    category,
    enabled: true,
  })),
});

describe("OutboxPage", () => {
  it("shows kept notices, says why they were not sent, and opens a body", async () => {
    const user = userEvent.setup();
    renderConsole(<OutboxPage />, {
      role: "VIEWER",
      url: "/outbox",
      answers: { Outbox: outbox([notice]) },
    });
    expect(await screen.findByText("API key stripe-live expires in 7 days")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Notices" })).getByText("Kept (no SMTP)")).toBeTruthy();
    expect(screen.getByText(/No SMTP server is configured/)).toBeTruthy();
    expect(screen.queryByRole("switch")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Read" }));
    expect(screen.getByLabelText("Body of API key stripe-live expires in 7 days").textContent).toContain(
      "kh_live_ab12…",
    );
  });

  it("filters by status through the URL, and lets an ADMIN turn a category off", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OutboxPage />, {
      url: "/outbox?status=FAILED",
      answers: {
        Outbox: (v) => outbox(v.status === "FAILED" ? [] : [notice]),
        NoticeCategories: categories,
        SetNoticeCategory: answerOf(SetNoticeCategoryMutation, {
          setNoticeCategory: {
            __typename: "SetNoticeCategoryPayload",
            setting: { __typename: "NoticeCategorySetting", category: "DIGEST", enabled: false },
            errors: [],
          },
        }),
      },
    });
    expect(await screen.findByText("No notices with this status.")).toBeTruthy();
    expect(operations.find((o) => o.name === "Outbox")?.variables.status).toBe("FAILED");
    await user.click(await screen.findByRole("switch", { name: "Weekly risk digest (ADMINs)" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "SetNoticeCategory")?.variables).toEqual({
        input: { category: "DIGEST", enabled: false },
      }),
    );
  });
});
