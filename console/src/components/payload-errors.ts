import type { CombinedError } from "urql";
import type { ServerError } from "./form-errors.js";

/**
 * Why a mutation changed nothing: the payload's `errors`, or, without a payload (network failure,
 * masked server error), one error standing for the failed request.
 */
export function payloadErrors(
  payload: { errors: readonly ServerError[] } | null | undefined,
  error: CombinedError | undefined,
): ServerError[] {
  if (payload) return [...payload.errors];
  const first = error?.graphQLErrors[0];
  const code = first?.extensions?.code;
  return [
    {
      code: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR",
      message:
        first?.message ?? (error?.networkError ? "Keyholder could not be reached." : "Keyholder did not answer."),
    },
  ];
}

/** Renames the API's input fields to the form's own names, so `applyServerErrors` can place them. */
export function renameFields(errors: readonly ServerError[], names: Record<string, string>): ServerError[] {
  return errors.map((e) => (e.field && names[e.field] ? { ...e, field: names[e.field] } : e));
}
