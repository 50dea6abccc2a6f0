import { notifications } from "@mantine/notifications";

/** Tells the user a change went through (the theme names the close button for screen readers). */
export function notify(message: string, color: "teal" | "blue" = "teal"): void {
  notifications.show({ color, message });
}

/** Tells the user a change did not go through, and why (the errors' messages, in one line). */
export function notifyFailure(title: string, errors: readonly { message: string }[]): void {
  notifications.show({ color: "red", title, message: errors.map((e) => e.message).join(" ") });
}
