import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Client, type Operation, Provider } from "urql";
import { describe, expect, it } from "vitest";
import { fromValue, never } from "wonka";
import { holderOptions, userOption } from "../../test/holder-options.js";
import { serviceRefs } from "../../test/reassignment.js";
import { renderConsole } from "../../test/render.js";
import OffboardingPage from "./OffboardingPage.js";
import { failed, type OtherKeyGaining, OUTCOME_KEYS, offboarded, plan } from "./test-support/offboarding-fixtures.js";

type Input = Record<string, unknown>;

function offboardCalls(operations: { name: string; variables: Record<string, unknown> }[]) {
  return operations.filter((o) => o.name === "OffboardUser").map((o) => o.variables.input as Input);
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
        OffboardingPlan: plan(),
        OffboardUser: (v) => {
          if ((v.input as Input).dryRun) return offboarded(OUTCOME_KEYS, { dryRun: true });
          real += 1;
          // The first answer is lost on the way back (no payload, which the document's type rules
          // out, so it is left untyped); the retry gets the server's replay.
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
        OffboardingPlan: plan(),
        OffboardUser: (v) => offboarded(OUTCOME_KEYS, { dryRun: Boolean((v.input as Input).dryRun) }),
      },
    });
    await dryRunFromDecisions(user);
    await user.click(await screen.findByRole("button", { name: "Confirm and offboard…" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Offboard" }));
    await screen.findByText("leaver@example.org has been offboarded");

    expect(screen.getByText("Nothing broke")).toBeTruthy();
    const reassigned = within(screen.getByRole("table", { name: "Reassigned keys" }));
    expect(reassigned.getAllByText("still works on the same 2 services")).toHaveLength(2);
    expect(reassigned.getAllByText("fines, parking")).toHaveLength(4);
    expect(reassigned.getByRole("link", { name: "billing worker" }).getAttribute("href")).toBe("/keys/k-1");
    expect(within(screen.getByRole("table", { name: "Revoked keys" })).getByText("old job")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open leaver@example.org" }).getAttribute("href")).toBe("/holders/u-9");
    expect(screen.getByRole("button", { name: "Offboard another user" })).toBeTruthy();
  });

  it("ACCESS_WOULD_WIDEN: names every key that gains services, the successor's own too, and retries only with an explicit yes", async () => {
    const user = userEvent.setup();
    const wider = [
      { id: "k-1", name: "billing worker", before: ["fines", "parking"], after: ["fines", "parking", "tolls"] },
      ...OUTCOME_KEYS.slice(1),
    ];
    const older: OtherKeyGaining = {
      __typename: "KeyGain",
      keyId: "k-7",
      name: "team cron",
      prefix: "kh_live_k-7",
      holderEmail: "team@example.org",
      gained: serviceRefs(["parking"]),
    };
    const refusal = failed(
      { code: "ACCESS_WOULD_WIDEN", message: "billing worker would also work on tolls.", field: "defaultTargetId" },
      { code: "ACCESS_WOULD_WIDEN", message: "team cron would also work on parking.", field: "defaultTargetId" },
    );
    const { operations } = renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan(),
        OffboardUser: (v) =>
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

  it("shows any other error with its code, and changes nothing", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9&step=decide",
      answers: {
        OffboardingPlan: plan(),
        OffboardUser: failed({
          code: "FORBIDDEN",
          message: "This is Keyholder's last ADMIN: make someone else ADMIN first.",
          field: "userId",
        }),
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
      op.query.definitions.some((d) => d.kind === "OperationDefinition" && d.name?.value === "OffboardingPlan")
        ? fromValue({ operation: op, data: plan(), stale: false, hasNext: false })
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
      answers: { OffboardingPlan: plan([], "DEPARTED", true) },
    });
    expect(await screen.findByText("leaver@example.org has already departed")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Next: decide per key" })).toBeNull();
  });

  it("a user who departed outside Keyholder but still holds keys goes through the wizard", async () => {
    const user = userEvent.setup();
    renderConsole(<OffboardingPage />, {
      url: "/offboarding?user=u-9",
      answers: { OffboardingPlan: plan(undefined, "DEPARTED") },
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
        OffboardingPlan: plan(undefined, "DEPARTED"),
        OffboardUser: () => offboarded(OUTCOME_KEYS, { dryRun: true }),
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
