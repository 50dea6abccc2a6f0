import type { UseFormReturnType } from "@mantine/form";

export interface ServerError {
  field?: string | null;
  code: string;
  message: string;
}

/**
 * Puts the API's field errors (`errors { field code message }`) next to the matching form inputs
 * and returns the ones no input shows (no field, or a field the form does not have), so the
 * caller can show them above the form.
 */
export function applyServerErrors<T extends Record<string, unknown>>(
  form: UseFormReturnType<T>,
  errors: readonly ServerError[],
): ServerError[] {
  const rest: ServerError[] = [];
  for (const error of errors) {
    const field = error.field ?? undefined;
    if (field && field in form.values) form.setFieldError(field, error.message);
    else rest.push(error);
  }
  return rest;
}
