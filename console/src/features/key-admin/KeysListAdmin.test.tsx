import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupOption, holderOptions } from "../../test/holder-options.js";
import { choose, openDialog } from "../../test/interact.js";
import { payloadOf } from "../../test/payload.js";
import { keyMove, reassignment, serviceRefs } from "../../test/reassignment.js";
import { answerOf, RefusedAnswer, type RenderOptions, renderConsole } from "../../test/render.js";
import KeysPage from "../keys/KeysPage.js";
import { inDays, keyRow as key, keysAnswer as page } from "../keys/test-support/key-rows.js";
import { BulkReassignmentPreviewQuery, ReassignKeysMutation, RevokeKeysMutation } from "./key-admin.graphql.js";

const lastKeys = (operations: { name: string; variables: Record<string, unknown> }[]) =>
  operations.filter((o) => o.name === "Keys").at(-1)?.variables;

/** The keys list at /keys as an OPERATOR sees it, answered with `answers`. */
const renderAsOperator = (answers: RenderOptions["answers"]) =>
  renderConsole(<KeysPage />, { role: "OPERATOR", url: "/keys", answers });

/** The holder picker offers one group, ops@example.org. */
const opsOnly = holderOptions(groupOption("g-2", "ops@example.org", "Ops"));

/** Selects both listed keys, opens the bulk reassign dialog and picks ops@example.org in it. */
async function reassignBothToOps(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByText("key 1");
  await user.click(screen.getByRole("checkbox", { name: "Select every key on this page" }));
  const dialog = await openDialog(user, "Reassign selected", "Reassign 2 keys");
  await choose(user, "New holder", /ops@example.org/, dialog);
  return dialog;
}

describe("keys list: sorting and the new filters", () => {
  it("sorts by a column header, keeps the sort in the URL and asks the server for it", async () => {
    const user = userEvent.setup();
    const { operations, location } = renderConsole(<KeysPage />, { url: "/keys", answers: { Keys: page([key(1)]) } });
    await screen.findByText("key 1");
    expect(lastKeys(operations)?.orderBy).toEqual({ field: "CREATED_AT", direction: "DESC" });
    const created = screen.getByRole("columnheader", { name: /Created/ });
    expect(created.getAttribute("aria-sort")).toBe("descending");
    await user.click(screen.getByRole("button", { name: "Key" }));
    await waitFor(() => expect(lastKeys(operations)?.orderBy).toEqual({ field: "NAME", direction: "ASC" }));
    expect(location.history.at(-1)).toBe("/keys?sort=name&dir=asc");
    // The export holds the keys in the order on screen.
    expect(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/v1/exports/keys.csv?orderBy=NAME&direction=ASC",
    );
    expect(screen.getByRole("columnheader", { name: /Key/ }).getAttribute("aria-sort")).toBe("ascending");
    await user.click(screen.getByRole("button", { name: "Key" }));
    await waitFor(() => expect(lastKeys(operations)?.orderBy).toEqual({ field: "NAME", direction: "DESC" }));
    await user.click(screen.getByRole("button", { name: "Last used" }));
    await waitFor(() => expect(lastKeys(operations)?.orderBy).toEqual({ field: "LAST_USED_AT", direction: "DESC" }));
    await user.click(screen.getByRole("button", { name: "Holder" }));
    await waitFor(() => expect(lastKeys(operations)?.orderBy).toEqual({ field: "HOLDER", direction: "ASC" }));
  });

  it("lists expiring keys soonest first unless another sort is chosen", async () => {
    const { operations } = renderConsole(<KeysPage />, {
      url: "/keys?expiring=30",
      answers: { Keys: page([key(1)]) },
    });
    await screen.findByText("key 1");
    expect(lastKeys(operations)?.orderBy).toEqual({ field: "EXPIRES_AT", direction: "ASC" });
    expect(screen.getByRole("columnheader", { name: /Expires/ }).getAttribute("aria-sort")).toBe("ascending");
  });

  it("sends the holder status and the service from the URL, and ignores a broken service id", async () => {
    const id = "6f1c2f8e-4a5b-4c3d-9e8f-0a1b2c3d4e5f";
    const { operations } = renderConsole(<KeysPage />, {
      url: `/keys?holderStatus=ACTIVE&service=${id}&environment=PRODUCTION&status=ACTIVE`,
      answers: { Keys: page([key(1)]), ServiceSlug: { service: { __typename: "Service", id, slug: "parking" } } },
    });
    await screen.findByText("key 1");
    expect(lastKeys(operations)?.filter).toMatchObject({
      holderStatus: "ACTIVE",
      worksOnServiceId: id,
      environment: "PRODUCTION",
      status: "ACTIVE",
    });
    await waitFor(() =>
      expect(
        (
          within(screen.getByRole("search", { name: "Filter keys" })).getByRole("combobox", {
            name: "Works on",
          }) as HTMLInputElement
        ).value,
      ).toBe("parking"),
    );
    const broken = renderConsole(<KeysPage />, { url: "/keys?service=drop%20table", answers: { Keys: page([]) } });
    await waitFor(() => expect(lastKeys(broken.operations)).toBeDefined());
    expect(lastKeys(broken.operations)?.filter).toMatchObject({ worksOnServiceId: undefined });
  });

  it("lists the suspended keys from the status filter, and exports the same list", async () => {
    const { operations } = renderConsole(<KeysPage />, {
      url: "/keys?status=SUSPENDED",
      answers: { Keys: page([key(1, { suspendedAt: inDays(-1) })]) },
    });
    await screen.findByText("key 1");
    expect(lastKeys(operations)?.filter).toMatchObject({ status: undefined, suspended: true });
    expect(screen.getByRole("link", { name: "Export CSV" }).getAttribute("href")).toBe(
      "/v1/exports/keys.csv?suspended=true",
    );
    expect(within(screen.getByRole("search", { name: "Filter keys" })).getByDisplayValue("Suspended")).toBeDefined();
  });

  it("shows expiry within 7 and 30 days, unused and suspended as badges, only for active keys", async () => {
    renderConsole(<KeysPage />, {
      url: "/keys",
      answers: {
        Keys: page([
          key(1, { expiresAt: inDays(3) }),
          key(2, { expiresAt: inDays(20) }),
          key(3, { lastUsedAt: null, createdAt: inDays(-120) }),
          key(4, { suspendedAt: inDays(-1) }),
          key(5, { status: "REVOKED", expiresAt: inDays(3), lastUsedAt: null }),
          key(6, { expiresAt: inDays(60), lastUsedAt: inDays(-10) }),
        ]),
      },
    });
    await screen.findByText("key 1");
    const row = (name: string) => screen.getByRole("link", { name }).closest("tr") as HTMLElement;
    expect(within(row("key 1")).getByText("expires within 7 days")).toBeTruthy();
    expect(within(row("key 2")).getByText("expires within 30 days")).toBeTruthy();
    expect(within(row("key 3")).getByText("unused")).toBeTruthy();
    expect(within(row("key 4")).getByText("suspended")).toBeTruthy();
    for (const quiet of ["key 5", "key 6"]) {
      expect(within(row(quiet)).queryByText(/expires within|unused|suspended/)).toBeNull();
    }
  });
});

describe("keys list: acting on several keys", () => {
  it("a VIEWER gets no checkboxes", async () => {
    renderConsole(<KeysPage />, { role: "VIEWER", url: "/keys", answers: { Keys: page([key(1)]) } });
    await screen.findByText("key 1");
    expect(screen.queryByRole("checkbox", { name: "Select key 1" })).toBeNull();
  });

  it("revokes the selected keys with one reason under one idempotency key, then clears the selection", async () => {
    const user = userEvent.setup();
    const { operations } = renderAsOperator({
      Keys: page([key(1), key(2), key(3)]),
      RevokeKeys: answerOf(RevokeKeysMutation, ({ input }) => ({
        revokeApiKeys: {
          __typename: "RevokeApiKeysPayload",
          revocation: {
            __typename: "BulkRevocation",
            revokedIds: input.ids,
            alreadyRevokedIds: [],
            replayed: false,
          },
          errors: [],
        },
      })),
    });
    await screen.findByText("key 1");
    await user.click(screen.getByRole("checkbox", { name: "Select key 1" }));
    await user.click(screen.getByRole("checkbox", { name: "Select key 3" }));
    const bar = screen.getByRole("region", { name: "Selected keys" });
    expect(within(bar).getByText("2 keys selected")).toBeTruthy();
    await user.click(within(bar).getByRole("button", { name: "Revoke selected" }));
    const dialog = await screen.findByRole("dialog", { name: "Revoke 2 keys?" });
    expect(within(dialog).getByRole("list", { name: "Keys to revoke" }).textContent).toContain("key 3");
    await user.click(within(dialog).getByRole("button", { name: "Revoke 2 keys" }));
    expect(await within(dialog).findByText("Say why the keys are revoked")).toBeTruthy();
    expect(operations.some((o) => o.name === "RevokeKeys")).toBe(false);
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "found in a public repo");
    await user.click(within(dialog).getByRole("button", { name: "Revoke 2 keys" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Selected keys" })).toBeNull());
    const sent = operations.find((o) => o.name === "RevokeKeys")?.variables.input as Record<string, unknown>;
    expect(sent).toMatchObject({ ids: ["k-1", "k-3"], reason: "found in a public repo" });
    expect(sent.idempotencyKey).toMatch(/^revoke-[0-9a-f-]{36}$/);
  });

  it("the select-all box selects every key on the page", async () => {
    const user = userEvent.setup();
    renderAsOperator({ Keys: page([key(1), key(2)]) });
    await screen.findByText("key 1");
    await user.click(screen.getByRole("checkbox", { name: "Select every key on this page" }));
    expect(within(screen.getByRole("region", { name: "Selected keys" })).getByText("2 keys selected")).toBeTruthy();
  });

  it("reassigns the selected keys after the same preview, asking before access widens", async () => {
    const user = userEvent.setup();
    const { operations } = renderAsOperator({
      Keys: page([key(1), key(2)]),
      HolderOptions: opsOnly,
      BulkReassignmentPreview: answerOf(BulkReassignmentPreviewQuery, {
        reassignmentPreview: reassignment(
          [1, 2].map((n) => keyMove(`k-${n}`, `key ${n}`, `kh_live_${n}`, ["parking"], ["fines", "parking"])),
          {
            toHolderId: "g-2",
            toHolderEmail: "ops@example.org",
            billingAdded: serviceRefs(["parking"]),
            widens: true,
          },
        ),
      }),
      ReassignKeys: payloadOf(ReassignKeysMutation, {
        reassignment: {
          __typename: "Reassignment",
          toHolderEmail: "ops@example.org",
          billingAdded: serviceRefs(["parking"]),
          keys: [
            { __typename: "KeyReassignment", keyId: "k-1" },
            { __typename: "KeyReassignment", keyId: "k-2" },
          ],
        },
      }),
    });
    const dialog = await reassignBothToOps(user);
    const widening = await within(dialog).findByTestId("bulk-preview-widening");
    expect(within(widening).getByRole("list", { name: "Keys that would gain services" }).textContent).toContain(
      "key 2",
    );
    expect(operations.find((o) => o.name === "BulkReassignmentPreview")?.variables).toMatchObject({
      ids: ["k-1", "k-2"],
      toHolderId: "g-2",
      keepAccess: true,
    });
    await user.click(within(widening).getByRole("checkbox", { name: "Allow these keys to work on more services" }));
    await user.click(within(dialog).getByRole("button", { name: "Reassign 2 keys" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Reassign 2 keys" })).toBeNull());
    expect(operations.find((o) => o.name === "ReassignKeys")?.variables.input).toMatchObject({
      ids: ["k-1", "k-2"],
      toHolderId: "g-2",
      keepAccess: true,
      allowWiderAccess: true,
    });
  });

  it("a preview the move would refuse says so, naming the key, as the move's own refusal does", async () => {
    const user = userEvent.setup();
    renderAsOperator({
      Keys: page([key(1), key(2, { status: "REVOKED" })]),
      HolderOptions: opsOnly,
      BulkReassignmentPreview: new RefusedAnswer("Key k-2 is revoked and cannot move.", "KEY_REVOKED"),
      ReassignKeys: payloadOf(ReassignKeysMutation, { reassignment: null }, [
        { field: "keyIds", code: "KEY_REVOKED", message: "Key k-2 is revoked and cannot move." },
      ]),
    });
    const dialog = await reassignBothToOps(user);
    const refused = await within(dialog).findByTestId("bulk-preview-refused");
    expect(refused.textContent).toContain("The move would be refused");
    expect(refused.textContent).toContain("key 2 (kh_live_2…) is revoked and cannot change hands: unselect it.");
    expect(within(dialog).queryByText("Something went wrong")).toBeNull();
    expect(within(dialog).queryByRole("button", { name: "Try again" })).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Reassign 2 keys" }));
    const failure = await within(dialog).findByText(/No key was reassigned/);
    expect(failure.closest("[role=alert]")?.textContent ?? dialog.textContent).toContain(
      "key 2 (kh_live_2…) is revoked and cannot change hands: unselect it.",
    );
  });
});
