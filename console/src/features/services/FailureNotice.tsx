import type { ServerError } from "../../components/form-errors.js";
import { Notice } from "./Notice.js";

/** Why a service dialog's request did not go through: the errors no input shows, in one red notice. */
export function FailureNotice({ errors, title }: { errors: readonly ServerError[]; title: string }) {
  if (errors.length === 0) return null;
  return (
    <Notice color="red" role="alert" title={title}>
      {errors.map((f) => f.message).join(" ")}
    </Notice>
  );
}
