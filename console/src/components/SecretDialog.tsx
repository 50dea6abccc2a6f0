import { Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { FormDialog } from "./FormDialog.js";
import type { RevealedSecret } from "./use-revealed-secret.js";

interface Props<T> {
  opened: boolean;
  /** From `useRevealedSecret`: the form is shown until the secret came back, then the secret. */
  secret: RevealedSecret<T>;
  /** The dialog's name while the form is shown. */
  title: string;
  /** Its name once the secret is shown: "Key created". */
  revealedTitle: string;
  /** What is shown once the secret came back: a sentence about it, then a `SecretReveal`. */
  revealed: (value: T) => ReactNode;
  /** The buttons under the secret, each leaving through `secret.guard`; Done when not given. */
  actions?: ReactNode;
  /** The form (a `DialogForm`). */
  children: ReactNode;
}

/**
 * The dialog of a form whose answer is a secret shown once (a new key, token, signing secret or
 * rotated secret): the form, then the secret. Every way out asks first until it was copied.
 */
export function SecretDialog<T>({ opened, secret, title, revealedTitle, revealed, actions, children }: Props<T>) {
  const value = secret.revealed;
  return (
    <FormDialog
      opened={opened}
      onClose={secret.guard(secret.close)}
      title={value === null ? title : revealedTitle}
      size="lg"
    >
      {value === null ? (
        children
      ) : (
        <Stack>
          {revealed(value)}
          {actions === undefined ? secret.done(secret.close) : (secret.prompt ?? actions)}
        </Stack>
      )}
    </FormDialog>
  );
}
