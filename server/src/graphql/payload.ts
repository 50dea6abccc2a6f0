import { type ClassType, Field, ObjectType } from "type-graphql";
import { DomainError, ErrorCode, issuesOf } from "../shared/errors.js";

@ObjectType("UserError", { description: "One reason a mutation changed nothing." })
export class UserError {
  @Field(() => String, {
    nullable: true,
    description:
      "The input field at fault, when there is one: the input's names joined by dots, list positions in brackets (`decisions[3].keyId`).",
  })
  field?: string | null;

  @Field(() => ErrorCode, { description: "What went wrong, as a stable code to branch on." })
  code!: ErrorCode;

  @Field({ description: "The reason in plain English, fit to show a person; its wording may change." })
  message!: string;
}

/** The description of every payload's `errors` field. */
export const ERRORS = "Why nothing was changed; empty when the mutation succeeded.";

/**
 * Declares `<Name>Payload { <field>: T, errors: [UserError!]! }`, the one result shape of every
 * mutation: on success `errors` is empty; on an expected failure the field is null and `errors`
 * says why, and nothing was changed.
 */
export function PayloadType<T extends object>(
  name: string,
  field: string,
  type: ClassType<T> | object,
  description: { payload: string; field: string },
) {
  @ObjectType(`${name}Payload`, { description: description.payload })
  class Payload {
    @Field(() => [UserError], { description: ERRORS })
    errors!: UserError[];
  }
  Field(() => type, { nullable: true, description: `${description.field} Null when \`errors\` is not empty.` })(
    Payload.prototype,
    field,
  );
  return Payload;
}

/**
 * Runs a mutation's service call and shapes its result: the value under `field`, or the domain
 * error's issues under `errors`. Anything else propagates to the error mapping (and is masked).
 */
export async function payload<T>(field: string, work: () => Promise<T>): Promise<Record<string, unknown>> {
  try {
    return { [field]: await work(), errors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { [field]: null, errors: issuesOf(error) };
    throw error;
  }
}
