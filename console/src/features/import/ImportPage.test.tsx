import { ImportInventoryMutation, type ResultOf } from "@keyholder/graphql";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { payloadOf } from "../../test/payload.js";
import { renderConsole } from "../../test/render.js";
import ImportPage from "./ImportPage.js";

type ImportCounts = ImportResult["counts"][number];
type ImportResult = NonNullable<ResultOf<typeof ImportInventoryMutation>["importInventory"]["result"]>;

const counts = (kind: ImportCounts["kind"], n: Partial<Omit<ImportCounts, "kind">>) => ({
  kind,
  created: 0,
  updated: 0,
  unchanged: 0,
  refused: 0,
  ...n,
});

function answer(apply: boolean) {
  return payloadOf(ImportInventoryMutation, {
    result: {
      applied: apply,
      refused: 0,
      counts: [counts("USER", { created: 1 }), counts("KEY", {})],
      rows: [
        {
          kind: "USER",
          row: 2,
          outcome: "CREATED",
          reference: "ana@agency.gov.example",
          id: "u-1",
          code: null,
          field: null,
          message: null,
        },
      ],
    },
  });
}

const upload = (name: string, text: string) => new File([text], name, { type: "text/csv" });

describe("ImportPage", () => {
  it("checks the files as a dry run, shows each row, and applies only after that", async () => {
    const user = userEvent.setup();
    const { operations, container } = renderConsole(<ImportPage />, {
      role: "OPERATOR",
      answers: { ImportInventory: (v) => answer((v.input as { apply: boolean }).apply) },
    });
    expect(screen.getByRole("button", { name: "Apply" }).hasAttribute("disabled")).toBe(true);
    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, [upload("users.csv", "email,name,status\nana@agency.gov.example,Ana,ACTIVE\n")]);
    await user.click(screen.getByRole("button", { name: "Check (dry run)" }));
    expect(await screen.findByText("Dry run: nothing changed yet")).toBeTruthy();
    expect(screen.getByRole("table", { name: "Rows of the file" }).textContent).toContain("ana@agency.gov.example");
    expect(operations.at(-1)?.variables).toEqual({
      input: {
        csv: [{ kind: "USER", content: "email,name,status\nana@agency.gov.example,Ana,ACTIVE\n" }],
        apply: false,
      },
    });
    await user.click(screen.getByRole("button", { name: "Apply" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Apply" }));
    await waitFor(() => expect(operations.at(-1)?.variables).toMatchObject({ input: { apply: true } }));
  });

  it("says what is wrong with a CSV file not named after its kind, sending nothing", async () => {
    const user = userEvent.setup();
    const { operations, container } = renderConsole(<ImportPage />, { role: "OPERATOR" });
    const input = container.querySelector('input[type="file"]') as HTMLInputElement;
    await user.upload(input, [upload("people.csv", "email\n")]);
    await user.click(screen.getByRole("button", { name: "Check (dry run)" }));
    expect(await screen.findByText(/not named after its kind/)).toBeTruthy();
    expect(operations).toEqual([]);
  });

  it("tells a VIEWER that importing needs the OPERATOR role", () => {
    renderConsole(<ImportPage />, { role: "VIEWER" });
    expect(screen.getByText("Importing an inventory needs the OPERATOR role.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Check (dry run)" })).toBeNull();
  });
});
