import { Stack } from "@mantine/core";
import type { FormEventHandler, ReactNode } from "react";
import { DialogActions, type DialogActionsProps } from "./DialogActions.js";

interface Props extends DialogActionsProps {
  onSubmit: FormEventHandler<HTMLFormElement>;
  /** Why the last attempt failed (a `FailureAlert` or `ChangeFailure`) first, then the fields. */
  children: ReactNode;
}

/**
 * A dialog's form: its fields, then Cancel and the submit button. The browser's own validation
 * is off, so the form's rules speak in their own words.
 */
export function DialogForm({ onSubmit, children, ...actions }: Props) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {children}
        <DialogActions {...actions} />
      </Stack>
    </form>
  );
}
