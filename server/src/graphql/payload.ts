import { type ClassType, Field, ObjectType, registerEnumType } from "type-graphql";
import { DomainError, ErrorCode, issuesOf } from "../shared/errors.js";

registerEnumType(ErrorCode, {
  name: "ErrorCode",
  description: "Stable codes for errors a caller can branch on. New codes may be added; none is renamed.",
});

@ObjectType("UserError", { description: "One reason a mutation changed nothing." })
export class UserError {
  @Field(() => String, {
    nullable: true,
    description:
      "The input field at fault, when there is one: the input's names joined by dots, list positions in brackets (`decisions[3].keyId`).",
  })
  field?: string | null;

  @Field(() => ErrorCode)
  code!: ErrorCode;

  @Field()
  message!: string;
}

/**
 * Declares `<Name>Payload { <field>: T, errors: [UserError!]! }`, the one result shape of every
 * mutation: on success `errors` is empty; on an expected failure the field is null and `errors`
 * says why, and nothing was changed.
 */
export function PayloadType<T extends object>(name: string, field: string, type: ClassType<T> | object) {
  @ObjectType(`${name}Payload`)
  class Payload {
    @Field(() => [UserError])
    errors!: UserError[];
  }
  Field(() => type, { nullable: true })(Payload.prototype, field);
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
