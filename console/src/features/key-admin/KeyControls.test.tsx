import type { ResultOf } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import type { RenderOptions } from "../../test/render.js";
import type { KeyDetail } from "../keys/key.graphql.js";
import { keyDetail } from "../keys/test-support/key-detail.js";
import { renderKeyPage } from "../keys/test-support/render-key-page.js";
import { EndOverlapMutation, ResumeKeyMutation, SuspendKeyMutation } from "./key-admin.graphql.js";

type ControlledKey = NonNullable<ResultOf<typeof SuspendKeyMutation>["suspendApiKey"]["apiKey"]>;
type KeyControl = typeof SuspendKeyMutation | typeof ResumeKeyMutation | typeof EndOverlapMutation;

/**
 * A key control's answer: the key as it is now. The controls' fragment is their module's own, so
 * the key is the `Key` query's, which asks for every field that fragment does.
 */
const controlled = (document: KeyControl) => payloadOf(document, { apiKey: keyDetail() as unknown as ControlledKey });

const renderKey = (key: KeyDetail, answers: RenderOptions["answers"] = {}) =>
  renderKeyPage(key, { role: "OPERATOR", answers });

describe("key page: suspend, resume, stop the old secret", () => {
  it("suspends with a required reason and the version read", async () => {
    const user = userEvent.setup();
    const { operations } = renderKey(keyDetail(), { SuspendKey: controlled(SuspendKeyMutation) });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.queryByRole("button", { name: "Resume" })).toBeNull();
    const dialog = await openDialog(user, "Suspend", "Suspend billing-worker?");
    await user.click(within(dialog).getByRole("button", { name: "Suspend key" }));
    expect(await within(dialog).findByText("Say why the key is suspended")).toBeTruthy();
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "nobody claims it");
    await user.click(within(dialog).getByRole("button", { name: "Suspend key" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Suspend billing-worker?" })).toBeNull());
    expect(operations.find((o) => o.name === "SuspendKey")?.variables.input).toEqual({
      id: "k-1",
      reason: "nobody claims it",
      version: 3,
    });
  });

  it("a suspended key says so, and offers Resume instead of Suspend", async () => {
    const user = userEvent.setup();
    const { operations } = renderKey(
      keyDetail({ suspendedAt: "2025-03-01T00:00:00.000Z", suspendedReason: "nobody claims it" }),
      { ResumeKey: controlled(ResumeKeyMutation) },
    );
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.getAllByText("suspended").length).toBeGreaterThan(0);
    expect(screen.getByText("Reason: nobody claims it")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Suspend" })).toBeNull();
    const dialog = await openDialog(user, "Resume", "Resume billing-worker?");
    await user.click(within(dialog).getByRole("button", { name: "Resume key" }));
    await waitFor(() => expect(operations.some((o) => o.name === "ResumeKey")).toBe(true));
    expect(operations.find((o) => o.name === "ResumeKey")?.variables.input).toEqual({
      id: "k-1",
      reason: undefined,
      version: 3,
    });
  });

  it("offers to stop the old secret only while its overlap runs, and says the key stays", async () => {
    const user = userEvent.setup();
    const overlapping = keyDetail({
      rotatedAt: "2025-02-03T00:00:00.000Z",
      previousPrefix: "kh_live_old999",
      previousSecretExpiresAt: new Date(Date.now() + 5 * 3_600_000).toISOString(),
    });
    const { operations } = renderKey(overlapping, { EndOverlap: controlled(EndOverlapMutation) });
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    const dialog = await openDialog(user, "Stop old secret now", "Stop the old secret now?");
    expect(within(dialog).getByText(/kh_live_old999…/)).toBeTruthy();
    expect(
      within(dialog).getByText(/is not revoked: its current secret \(kh_live_abc123…\) keeps working/),
    ).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Stop old secret now" }));
    await waitFor(() => expect(operations.some((o) => o.name === "EndOverlap")).toBe(true));
    expect(operations.find((o) => o.name === "EndOverlap")?.variables.input).toEqual({ id: "k-1", version: 3 });
  });

  it("offers no overlap action once the old secret has stopped", async () => {
    renderKey(
      keyDetail({
        rotatedAt: "2025-02-03T00:00:00.000Z",
        previousPrefix: "kh_live_old999",
        previousSecretExpiresAt: "2025-02-04T00:00:00.000Z",
      }),
    );
    await screen.findByRole("heading", { level: 1, name: "billing-worker" });
    expect(screen.queryByRole("button", { name: "Stop old secret now" })).toBeNull();
  });
});
