import { screen, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

type Name = string | RegExp;

/** Clicks the button named `button` and answers the dialog named `dialog` that it opens. */
export async function openDialog(user: UserEvent, button: Name, dialog: Name): Promise<HTMLElement> {
  await user.click(await screen.findByRole("button", { name: button }));
  return screen.findByRole("dialog", { name: dialog });
}

/**
 * Opens the select named `combobox` (on the page, or in `inside`, e.g. a dialog) and picks its
 * option named `option`; the options list opens outside any dialog, so it is searched on the page.
 */
export async function choose(user: UserEvent, combobox: Name, option: Name, inside?: HTMLElement): Promise<void> {
  const scope = inside ? within(inside) : screen;
  await user.click(await scope.findByRole("combobox", { name: combobox }));
  await user.click(await screen.findByRole("option", { name: option }));
}
