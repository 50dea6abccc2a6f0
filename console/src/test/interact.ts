import { screen, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { expect } from "vitest";
import { NEXT_CURSOR } from "./connection.js";

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

/**
 * Pages a list from its first page (at `url`, showing `first`) to the next with Next and back with
 * Previous: the second page shows `second`, its URL gains the cursor as `page` and its request sends
 * it as `after` (`onSecondPage` checks more there); Previous shows `first` again at `url`.
 */
export async function pageNextAndBack(
  user: UserEvent,
  { location, operations }: { location: { history: string[] }; operations: { variables: Record<string, unknown> }[] },
  { url, first, second }: { url: string; first: string; second: string },
  onSecondPage?: (variables: Record<string, unknown> | undefined) => void,
): Promise<void> {
  await user.click(screen.getByRole("button", { name: "Next" }));
  await screen.findByText(second);
  expect(location.history.at(-1)).toBe(`${url}${url.includes("?") ? "&" : "?"}page=${NEXT_CURSOR}`);
  expect(operations.at(-1)?.variables.after).toBe(NEXT_CURSOR);
  onSecondPage?.(operations.at(-1)?.variables);
  await user.click(screen.getByRole("button", { name: "Previous" }));
  await screen.findByText(first);
  expect(location.history.at(-1)).toBe(url);
}
