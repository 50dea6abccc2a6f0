import { Alert } from "@mantine/core";
import type { ServerError } from "./form-errors.js";

interface Props {
  /** Errors no input shows. */
  errors: readonly ServerError[];
  /** What did not happen, e.g. "The token was not created". */
  title: string;
}

/** Why a create dialog's request did not go through: the errors no input shows, in one red alert. */
export function FailureAlert({ errors, title }: Props) {
  if (errors.length === 0) return null;
  return (
    <Alert color="red" role="alert" title={title}>
      {errors.map((f) => f.message).join(" ")}
    </Alert>
  );
}
