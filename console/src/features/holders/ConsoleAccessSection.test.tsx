import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { choose, openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import { answerOf, type RenderOptions } from "../../test/render.js";
import {
  ConsoleLockQuery,
  ResetConsolePasswordMutation,
  SetConsoleAccessMutation,
} from "./holder-mutations.graphql.js";
import { renderHolder } from "./render-holder.js";
import { userDetail } from "./test-support/holder-fixtures.js";

/** The `ConsoleLock` answer: sign-in locked until then, or not. */
const lock = (lockedUntil: string | null = null) =>
  answerOf(ConsoleLockQuery, { user: { __typename: "User", id: "u-7", lockedUntil } });

/** Renders Ana's page (as `holder` answers it), her sign-in not locked unless `answers` say otherwise. */
const renderAna = (answers: RenderOptions["answers"], holder = userDetail()) =>
  renderHolder("/holders/u-7", { Holder: holder, ConsoleLock: lock(), ...answers });

describe("console access", () => {
  it("removes access after a confirmation that says what ends, sending the version read", async () => {
    const user = userEvent.setup();
    const { operations } = renderAna({
      SetConsoleAccess: payloadOf(SetConsoleAccessMutation, {
        user: { __typename: "User", id: "u-7", consoleRole: null, version: 5 },
      }),
    });
    await choose(user, "Console role", "No access");
    const dialog = await openDialog(user, "Change access", "Change console access");
    expect(dialog.textContent).toContain("will no longer be able to sign in");
    expect(dialog.textContent).toContain("sessions end and their access tokens are revoked");
    expect(operations.some((o) => o.name === "SetConsoleAccess")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Remove access" }));
    await waitFor(() =>
      expect(operations.find((o) => o.name === "SetConsoleAccess")?.variables).toEqual({
        input: { userId: "u-7", role: null, version: 4 },
      }),
    );
  });

  it("shows a refusal (the last ADMIN) inside the confirmation", async () => {
    const user = userEvent.setup();
    renderAna(
      {
        SetConsoleAccess: payloadOf(SetConsoleAccessMutation, { user: null }, [
          { field: "role", code: "FORBIDDEN", message: "Keyholder needs at least one ADMIN." },
        ]),
      },
      userDetail({ consoleRole: "ADMIN" }),
    );
    await choose(user, "Console role", /^Viewer/);
    const dialog = await openDialog(user, "Change access", "Change console access");
    await user.click(within(dialog).getByRole("button", { name: "Change access" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("Keyholder needs at least one ADMIN.");
  });

  it("resets the password after a confirmation and shows the new one once", async () => {
    const user = userEvent.setup();
    const { operations } = renderAna({
      ResetConsolePassword: payloadOf(ResetConsolePasswordMutation, {
        password: "Tr0ub4dor&3-correct",
        user: { __typename: "User", id: "u-7", email: "ana@example.org" },
      }),
    });
    const confirm = await openDialog(user, "Reset console password", "Reset console password");
    expect(confirm.textContent).toContain("console sessions end now");
    expect(operations.some((o) => o.name === "ResetConsolePassword")).toBe(false);
    await user.click(within(confirm).getByRole("button", { name: "Reset password" }));
    expect((await screen.findByTestId("secret")).textContent).toBe("Tr0ub4dor&3-correct");
    expect(operations.find((o) => o.name === "ResetConsolePassword")?.variables).toEqual({ userId: "u-7" });
  });

  it("offers no password reset for one's own account, nor for someone without access", async () => {
    const { unmount } = renderHolder("/holders/u-1", { Holder: userDetail({ id: "u-1" }), ConsoleLock: lock() });
    await screen.findByRole("heading", { name: "Console access" });
    expect(screen.queryByRole("button", { name: "Reset console password" })).toBeNull();
    unmount();
    renderHolder("/holders/u-7", { Holder: userDetail({ consoleRole: null }) });
    await screen.findByRole("heading", { name: "Console access" });
    expect(screen.queryByRole("button", { name: "Reset console password" })).toBeNull();
  });

  it("tells an ADMIN when sign-in is locked", async () => {
    renderAna({ ConsoleLock: lock(new Date(Date.now() + 600_000).toISOString()) });
    expect(await screen.findByText("Sign-in is locked")).toBeTruthy();
  });
});
