import type { UseFormReturnType } from "@mantine/form";
import { useCallback, useState } from "react";
import { type AnyVariables, type TypedDocumentNode, useMutation } from "urql";
import { applyServerErrors, type ServerError } from "./form-errors.js";
import { notifyFailure } from "./notify.js";
import { payloadErrors, renameFields } from "./payload-errors.js";

/** A payload whose result field (`service`, `apiKey`, `secret`…) is there. */
export type Done<Payload, Key extends keyof Payload> = Payload & { [K in Key]: NonNullable<Payload[K]> };

/** What a payload mutation answered: the payload when it changed something, else why not. */
export type PayloadOutcome<Payload, Key extends keyof Payload> =
  | { payload: Done<Payload, Key>; errors: [] }
  | { payload: null; errors: ServerError[] };

interface RunOptions {
  /** Puts field errors next to this form's inputs; `failure` keeps only the rest. */
  // biome-ignore lint/suspicious/noExplicitAny: any form's values
  form?: UseFormReturnType<any>;
  /** The API's input field names mapped to the form's, where they differ. */
  fields?: Record<string, string>;
  /**
   * Where no form or dialog shows `failure` (a list's button, a switch): the title of the
   * notification that says why the change did not go through.
   */
  failureNotice?: string;
}

/**
 * The one way a dialog runs a Keyholder mutation (every one answers a payload with `errors`):
 * `run` resolves with the payload (`data[field]`) when it has no errors and its `result` field
 * (`service`, `apiKey`, `secret`…) is there; otherwise the reasons, from the payload or from a
 * failed request, go to `failure` (for `ChangeFailure`) after the form's own fields took theirs.
 */
export function usePayloadMutation<
  Data,
  Variables extends AnyVariables,
  Field extends keyof Data,
  Key extends keyof NonNullable<Data[Field]>,
>(
  document: TypedDocumentNode<Data, Variables>,
  // A document that does not select the payload's `errors` is refused here, not at run time.
  field: NonNullable<Data[Field]> extends { errors: readonly unknown[] } ? Field : never,
  result: Key,
) {
  type Payload = NonNullable<Data[Field]>;
  const [state, execute] = useMutation<Data, Variables>(document);
  const [failure, setFailure] = useState<ServerError[]>([]);

  const run = useCallback(
    async (variables: Variables, options: RunOptions = {}): Promise<PayloadOutcome<Payload, Key>> => {
      setFailure([]);
      const answer = await execute(variables);
      const payload = (answer.data?.[field] ?? null) as Payload | null;
      const answered = payload as { errors: readonly ServerError[] } | null;
      if (payload && answered?.errors.length === 0 && payload[result] != null) {
        return { payload: payload as Done<Payload, Key>, errors: [] };
      }
      let errors = payloadErrors(answered, answer.error);
      if (options.fields) errors = renameFields(errors, options.fields);
      const shown = options.form ? applyServerErrors(options.form, errors) : errors;
      setFailure(shown);
      if (options.failureNotice) notifyFailure(options.failureNotice, errors);
      return { payload: null, errors };
    },
    [execute, field, result],
  );

  return { run, failure, setFailure, fetching: state.fetching };
}
