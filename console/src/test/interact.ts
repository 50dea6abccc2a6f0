import { screen } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

type Name = string | RegExp;

/** Clicks the button named `button` and answers the dialog named `dialog` that it opens. */
export async function openDialog(user: UserEvent, button: Name, dialog: Name): Promise<HTMLElement> {
  await user.click(await screen.findByRole("button", { name: button }));
  return screen.findByRole("dialog", { name: dialog });
}

/** Opens the select named `combobox` and picks its option named `option`. */
export async function choose(user: UserEvent, combobox: Name, option: Name): Promise<void> {
  await user.click(await screen.findByRole("combobox", { name: combobox }));
  await user.click(await screen.findByRole("option", { name: option }));
}
