import type { ErrorCode, ResultOf, TadaDocumentNode } from "@keyholder/graphql";
import type { WithTypenames } from "./render.js";

// biome-ignore lint/suspicious/noExplicitAny: any typed document, whatever its result and variables.
type AnyDocument = TadaDocumentNode<any, any>;

/** What a mutation document returns under its one field: its payload (each document's, for a union). */
type PayloadOf<D> = D extends AnyDocument ? NonNullable<ResultOf<D>[keyof ResultOf<D>]> : never;

/** A payload error as a test writes it: without a field unless it names one. */
export interface UserErrorAnswer {
  field?: string | null;
  code: ErrorCode;
  message: string;
}

/** Payload errors as the API sends them: each with its `__typename` and a field (null when none). */
export function userErrors(errors: UserErrorAnswer[]) {
  return errors.map(({ field = null, code, message }) => ({ __typename: "UserError" as const, field, code, message }));
}

/**
 * A mutation's answer typed by its document: the payload's fields but `errors`, which come apart
 * (none unless given). `payloadOf(UpdateUserMutation, { user: null }, [{ field: "email", … }])`
 * answers `{ updateUser: { user: null, errors: [{ __typename: "UserError", field: "email", … }] } }`;
 * a field the document does not ask for, or one it asks for and the answer lacks, is a type error.
 */
export function payloadOf<D extends AnyDocument>(
  document: D,
  fields: WithTypenames<Omit<PayloadOf<D>, "errors">>,
  errors: UserErrorAnswer[] = [],
): Record<string, unknown> {
  const operation = document.definitions.find((d) => d.kind === "OperationDefinition");
  const selection = operation && "selectionSet" in operation ? operation.selectionSet.selections[0] : undefined;
  if (selection?.kind !== "Field") throw new Error("payloadOf: the document asks for no payload field");
  const name = (selection.alias ?? selection.name).value;
  return { [name]: { ...fields, errors: userErrors(errors) } };
}
