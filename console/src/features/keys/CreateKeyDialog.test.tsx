import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { holderOptions } from "../../test/holder-options.js";
import { payloadOf } from "../../test/payload.js";
import { renderConsole } from "../../test/render.js";
import { CreateKeyDialog } from "./CreateKeyDialog.js";
import { CreateKeyMutation } from "./create-key.graphql.js";

const created = payloadOf(CreateKeyMutation, {
  apiKey: {
    __typename: "ApiKey",
    id: "k-9",
    name: "fines backend",
    prefix: "kh_live_new999",
    environment: "PRODUCTION",
    holder: { __typename: "GroupEmail", id: "g-1", email: "team@example.org" },
  },
  secret: "kh_live_new999_SECRET",
  warnings: [],
});

/** The dialog with its holder preset, as a holder's page opens it, and the secret on screen. */
async function createKey(user: ReturnType<typeof userEvent.setup>) {
  const onClose = vi.fn();
  const view = renderConsole(
    <CreateKeyDialog opened onClose={onClose} holder={{ id: "g-1", email: "team@example.org", kind: "GROUP" }} />,
    { role: "OPERATOR", answers: { CreateKey: created, HolderOptions: holderOptions() } },
  );
  const dialog = await screen.findByRole("dialog", { name: "New API key" });
  await user.type(within(dialog).getByRole("textbox", { name: "Name" }), "fines backend");
  await user.click(within(dialog).getByRole("button", { name: "Create key" }));
  await screen.findByTestId("secret");
  return { ...view, onClose };
}

describe("The new-key dialog", () => {
  it("cuts a 10,000-character pasted name at the API's 200 and says so beside the field", async () => {
    const user = userEvent.setup();
    renderConsole(<CreateKeyDialog opened onClose={() => {}} />, { role: "OPERATOR" });
    const name = await screen.findByRole("textbox", { name: "Name" });
    expect(screen.queryByTestId("character-count")).toBeNull();
    await user.click(name);
    await user.paste("x".repeat(10_000));
    expect((name as HTMLInputElement).value).toHaveLength(200);
    expect(screen.getByTestId("character-count").textContent).toBe("200 of 200 characters, the most it can have");
    expect(name.getAttribute("aria-describedby")).toBeTruthy();
  });
  it("asks before Esc loses a secret not yet copied, and stays open on 'Keep it open'", async () => {
    const user = userEvent.setup();
    const { onClose } = await createKey(user);
    await user.keyboard("{Escape}");
    const question = await screen.findByTestId("uncopied-secret");
    expect(question.textContent).toContain("You have not copied the secret");
    expect(question.textContent).toContain("Close anyway? It cannot be shown again.");
    expect(document.activeElement).toBe(within(question).getByRole("button", { name: "Keep it open" }));
    await user.click(within(question).getByRole("button", { name: "Keep it open" }));
    expect(screen.queryByTestId("uncopied-secret")).toBeNull();
    expect(screen.getByTestId("secret").textContent).toBe("kh_live_new999_SECRET");
    expect(onClose).not.toHaveBeenCalled();
  });

  it("asks before the close button loses the secret, and closes on 'Close anyway'", async () => {
    const user = userEvent.setup();
    const { onClose } = await createKey(user);
    await user.click(screen.getByRole("button", { name: "Close" }));
    const question = await screen.findByTestId("uncopied-secret");
    expect(onClose).not.toHaveBeenCalled();
    await user.click(within(question).getByRole("button", { name: "Close anyway" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("asks before Done or a click beside the dialog loses the secret", async () => {
    const user = userEvent.setup();
    const { onClose } = await createKey(user);
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(await screen.findByTestId("uncopied-secret")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Keep it open" }));
    await user.click(document.querySelector<HTMLElement>(".mantine-Modal-overlay") as HTMLElement);
    expect(await screen.findByTestId("uncopied-secret")).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });

  it("closes on Esc without asking once the secret was copied", async () => {
    const user = userEvent.setup();
    const { onClose } = await createKey(user);
    await user.click(screen.getByRole("button", { name: "Copy secret" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("uncopied-secret")).toBeNull();
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
  });

  it("closes with the close button without asking once the secret was copied", async () => {
    const user = userEvent.setup();
    const { onClose } = await createKey(user);
    await user.click(screen.getByRole("button", { name: "Copy secret" }));
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("uncopied-secret")).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
