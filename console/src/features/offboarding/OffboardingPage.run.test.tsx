import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Client, type Operation, Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fromValue, never } from "wonka";
import { holderOptions, userOption } from "../../test/holder-options.js";
import { renderConsole } from "../../test/render.js";
import OffboardingPage from "./OffboardingPage.js";
import {
  failed,
  OUTCOME_KEYS,
  offboarded,
  offboardedGroups,
  plan,
  planData,
} from "./test-support/offboarding-fixtures.js";

/** Services as the API answers them, named by their slugs. */
const refs = (slugs: readonly string[]) =>
  slugs.map((slug) => ({ __typename: "Service", id: `s-${slug}`, slug, name: slug }));

type Input = Record<string, unknown>;

function offboardCalls(operations: { name: string; variables: Record<string, unknown> }[]) {
  return operations.filter((o) => o.name === "OffboardUserSummary").map((o) => o.variables.input as Input);
}

async function dryRunFromDecisions(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Dry run" }));
}

// Typing into pickers is slow in happy-dom when the whole console suite runs in parallel.
describe("OffboardingPage: dry run, confirmation and result", { timeout: 20_000 }, () => {
  it("confirms the dry run's exact decisions, with one idempotency key kept across a retry", async () => {
    const user = userEvent.setup();
    let real = 0;
    const { operations, location } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: (v) => {
          if ((v.input as Input).dryRun) return offboarded(OUTCOME_KEYS, { dryRun: true });
          real += 1;
          // The first answer is lost on the way back; the retry gets the server's replay.
          return real === 1 ? { offboardUser: null } : offboarded(OUTCOME_KEYS, { dryRun: false, replayed: true });
        },
      },
    });
    await dryRunFromDecisions(user);
    await user.click(await screen.findByRole("button", { name: "Confirm and offboard…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain(
      "leaver@example.org will be marked departed, 2 keys reassigned, 1 revoked, sessions and tokens ended.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Offboard" }));
    expect(await within(dialog).findByText("NO_ANSWER")).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Try again" }));
    await screen.findByText("leaver@example.org has been offboarded");

    const [dry, first, retry] = offboardCalls(operations);
    expect(offboardCalls(operations)).toHaveLength(3);
    expect(dry?.dryRun).toBe(true);
    expect(dry?.idempotencyKey).toBeUndefined();
    expect(first).toEqual({ ...dry, dryRun: false, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(retry).toEqual(first);
    expect(screen.getByText("Applied once")).toBeTruthy();
    expect(location.history.at(-1)).toBe("/offboarding?user=u-9&step=done");
  });

  it("shows every reassigned key working on the same services after, and the revoked ones", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: (v) => offboarded(OUTCOME_KEYS, { dryRun: Boolean((v.input as Input).dryRun) }),
      },
    });
    await dryRunFromDecisions(user);
    await user.click(await screen.findByRole("button", { name: "Confirm and offboard…" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Offboard" }));
    await screen.findByText("leaver@example.org has been offboarded");

    expect(screen.getByText("Nothing broke")).toBeTruthy();
    // The two reassigned keys share one fate: one row, counting them and naming both.
    const reassigned = within(screen.getByRole("table", { name: "Reassigned keys" }));
    expect(reassigned.getAllByRole("row")).toHaveLength(2);
    expect(reassigned.getByText("2 keys")).toBeTruthy();
    expect(reassigned.getAllByText("still works on the same 2 services")).toHaveLength(1);
    expect(reassigned.getAllByText("fines, parking")).toHaveLength(2);
    expect(reassigned.getByRole("link", { name: "billing worker" }).getAttribute("href")).toBe("/keys/k-1");
    expect(reassigned.getByRole("link", { name: "report job" }).getAttribute("href")).toBe("/keys/k-3");
    expect(within(screen.getByRole("table", { name: "Revoked keys" })).getByText("old job")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open leaver@example.org" }).getAttribute("href")).toBe("/holders/u-9");
    expect(screen.getByRole("button", { name: "Offboard another user" })).toBeTruthy();
  });

  it("previews 10,000 keys by group: the counts, the first keys, and every service a group gains or loses", async () => {
    const user = userEvent.setup();
    const firstKeys = (from: number) =>
      Array.from({ length: 5 }, (_, i) => ({ id: `k-${from + i}`, name: `worker ${from + i}` }));
    const groups = [
      { keyCount: 9_000, firstKeys: firstKeys(1), before: ["fines", "parking"] },
      {
        keyCount: 998,
        firstKeys: firstKeys(9_001),
        before: ["fines", "parking"],
        after: ["fines", "tolls"],
      },
      { action: "REVOKE" as const, keyCount: 2, firstKeys: firstKeys(9_999).slice(0, 2), before: ["fines"], after: [] },
    ];
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: offboardedGroups(groups, { dryRun: true }),
      },
    });
    await dryRunFromDecisions(user);
    await screen.findByText("This is what offboarding would do");

    expect(screen.getByRole("heading", { name: "Reassigned keys (9,998)" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Revoked keys (2)" })).toBeTruthy();
    const reassigned = within(screen.getByRole("table", { name: "Reassigned keys" }));
    const [, same, changed] = reassigned.getAllByRole("row");
    expect(same?.textContent).toContain("9,000 keys");
    expect(same?.textContent).toContain("worker 1 (kh_live_k-1…), worker 2");
    expect(same?.textContent).toContain("and 8,995 more keys");
    expect(same?.textContent).toContain("still works on the same 2 services");
    // Every service the group's keys would gain and lose, before the operator confirms.
    expect(changed?.textContent).toContain("998 keys");
    expect(changed?.textContent).toContain("now also on tolls; no longer on parking");
    const revoked = within(screen.getByRole("table", { name: "Revoked keys" }));
    expect(revoked.getAllByRole("row")).toHaveLength(2);
    expect(revoked.getByText("2 keys")).toBeTruthy();
    // A dry run's keys are not linked: the names read as text.
    expect(reassigned.queryByRole("link")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Confirm and offboard…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("9,998 keys reassigned, 2 revoked");
    expect(dialog.textContent).toContain("998 keys will work on more services than before, as you allowed.");
  });

  it("ACCESS_WOULD_WIDEN: names every key that gains services, the successor's own too, and retries only with an explicit yes", async () => {
    const user = userEvent.setup();
    const wider = [
      { id: "k-1", name: "billing worker", before: ["fines", "parking"], after: ["fines", "parking", "tolls"] },
      ...OUTCOME_KEYS.slice(1),
    ];
    const older = {
      __typename: "KeyGain" as const,
      keyId: "k-7",
      name: "team cron",
      prefix: "kh_live_k-7",
      holderEmail: "team@example.org",
      gained: refs(["parking"]),
    };
    const refusal = failed("ACCESS_WOULD_WIDEN", "billing worker would also work on tolls.", "defaultTargetId");
    refusal.offboardUser.errors.push({
      __typename: "UserError",
      code: "ACCESS_WOULD_WIDEN",
      message: "team cron would also work on parking.",
      field: "defaultTargetId",
    });
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: (v) =>
          (v.input as Input).allowWiderAccess
            ? offboarded(wider, { dryRun: true, otherKeysGaining: [older] })
            : refusal,
      },
    });
    await dryRunFromDecisions(user);
    const keys = await screen.findByRole("list", { name: "Keys that would gain services" });
    await waitFor(() => expect(keys.textContent).toContain("team cron"));
    expect(keys.textContent).toContain("billing worker");
    expect(keys.textContent).toContain("also on tolls");
    expect(keys.textContent).toContain("team cron (kh_live_k-7…) already held by team@example.org: also on parking");
    expect(screen.getByText("ACCESS_WOULD_WIDEN")).toBeTruthy();
    expect(screen.getByText(/2 keys would work on more services than before/)).toBeTruthy();

    const retry = screen.getByRole("button", { name: "Run the dry run again with wider access" });
    expect(retry.hasAttribute("disabled")).toBe(true);
    await user.click(screen.getByRole("checkbox", { name: "Allow these keys to work on more services" }));
    await user.click(retry);
    await screen.findByText("This is what offboarding would do");
    const calls = offboardCalls(operations);
    expect(calls.map((c) => [c.dryRun, c.allowWiderAccess])).toEqual([
      [true, false],
      [true, true],
      [true, true],
    ]);
    expect(screen.getByText("now also on tolls")).toBeTruthy();
    const others = screen.getByRole("list", { name: "Other keys that gain services" });
    expect(others.textContent).toContain("team cron (kh_live_k-7…) of team@example.org: also on parking");
  });

  it("ACCESS_WOULD_WIDEN for thousands of moved keys: names their group, its count and first keys, and what it gains", async () => {
    const user = userEvent.setup();
    const firstKeys = Array.from({ length: 5 }, (_, i) => ({ id: `k-${i + 1}`, name: `worker ${i + 1}` }));
    const refusal = failed("ACCESS_WOULD_WIDEN", "worker 1 would also work on tolls.", "defaultTargetId");
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: (v) =>
          (v.input as Input).allowWiderAccess
            ? offboardedGroups([{ keyCount: 9_000, firstKeys, after: ["fines", "parking", "tolls"] }], {
                dryRun: true,
              })
            : refusal,
      },
    });
    await dryRunFromDecisions(user);
    const keys = await screen.findByRole("list", { name: "Keys that would gain services" });
    await waitFor(() => expect(keys.textContent).toContain("9,000 keys"));
    expect(keys.textContent).toContain(
      "9,000 keys (worker 1, worker 2, worker 3, worker 4, worker 5 and 8,995 more) to team@example.org: also on tolls",
    );
  });

  it("shows any other error with its code, and changes nothing", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan(),
        OffboardUserSummary: failed(
          "FORBIDDEN",
          "This is Keyholder's last ADMIN: make someone else ADMIN first.",
          "userId",
        ),
      },
    });
    await dryRunFromDecisions(user);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("FORBIDDEN");
    expect(alert.textContent).toContain("last ADMIN");
    expect(screen.queryByRole("button", { name: "Confirm and offboard…" })).toBeNull();
  });

  it("is busy while the offboarding runs, and a second click sends nothing more", async () => {
    const user = userEvent.setup();
    const sent: Input[] = [];
    const client = new Client({ url: "/graphql", exchanges: [] });
    client.executeMutation = ((op: Operation) => {
      const input = (op.variables as { input: Input }).input;
      sent.push(input);
      // The real run never answers: the dialog stays busy.
      return input.dryRun
        ? fromValue({ operation: op, data: offboarded(OUTCOME_KEYS, { dryRun: true }), stale: false, hasNext: false })
        : never;
    }) as Client["executeMutation"];
    client.executeQuery = ((op: Operation) =>
      op.query.definitions.some((d) => d.kind === "OperationDefinition" && d.name?.value === "OffboardingPlanSummary")
        ? fromValue({ operation: op, data: planData({}, 25), stale: false, hasNext: false })
        : never) as Client["executeQuery"];
    renderConsole(
      <Provider value={client}>
        <OffboardingPage />
      </Provider>,
      { url: "/offboarding?user=u-9&step=decide" },
    );
    await dryRunFromDecisions(user);
    await user.click(await screen.findByRole("button", { name: "Confirm and offboard…" }));
    const dialog = await screen.findByRole("dialog");
    const offboard = within(dialog).getByRole("button", { name: "Offboard" });
    await user.click(offboard);
    expect(
      await within(dialog).findByText(/Offboarding leaver@example.org: 2 keys reassigned, 1 revoked…/),
    ).toBeTruthy();
    expect(within(dialog).getByText(/Keep this page open/)).toBeTruthy();
    await user.click(offboard);
    await waitFor(() => expect(sent.filter((i) => !i.dryRun)).toHaveLength(1));
    expect(within(dialog).getByRole("button", { name: "Cancel" }).hasAttribute("disabled")).toBe(true);
  });

  it("a departed user has nothing left to offboard", async () => {
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9",
      answers: { OffboardingPlanSummary: plan({ keys: [], status: "DEPARTED", finished: true }) },
    });
    expect(await screen.findByText("leaver@example.org has already departed")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Next: decide per key" })).toBeNull();
  });

  it("a user who departed outside Keyholder but still holds keys goes through the wizard", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9",
      answers: { OffboardingPlanSummary: plan({ status: "DEPARTED" }) },
    });
    expect(await screen.findByText("What offboarding Lee Leaver touches")).toBeTruthy();
    expect(screen.getByText(/already departed.*still holds/)).toBeTruthy();
    expect(screen.queryByText("leaver@example.org has already departed")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Next: decide per key" }));
    expect(await screen.findByText("Decide what happens to each key")).toBeTruthy();
  });

  it("does not tell the operator a user who departed before will be marked departed", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlanSummary: plan({ status: "DEPARTED" }),
        OffboardUserSummary: () => offboarded(OUTCOME_KEYS, { dryRun: true }),
      },
    });
    await dryRunFromDecisions(user);
    await user.click(await screen.findByRole("button", { name: "Confirm and offboard…" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain(
      "leaver@example.org has already departed and stays so; 2 keys reassigned, 1 revoked, sessions and tokens ended.",
    );
  });

  it("offers departed users as leavers too", async () => {
    const user = userEvent.setup();
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding",
      answers: {
        HolderOptions: holderOptions(userOption("u-9", "leaver@example.org", "Lee Leaver", "DEPARTED")),
      },
    });
    await user.click(await screen.findByRole("combobox", { name: /Leaver/ }));
    expect(await screen.findByRole("option", { name: /leaver@example.org/ })).toBeTruthy();
    const asked = operations.filter((o) => o.name === "HolderOptions").map((o) => o.variables.filter);
    expect(asked.every((f) => (f as { status?: string }).status === undefined)).toBe(true);
  });
});
