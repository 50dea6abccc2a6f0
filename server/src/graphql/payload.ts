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
 * How a mutation's result fills its payload type. A payload class written out by hand takes the
 * fields of the result as they are, and only the lists a refusal still owes need `refused`.
 */
export interface PayloadFill<R> {
  /** The payload's fields (bar `errors`) from the service's result. */
  fill?(result: R): object;
  /** The fields a refusal sets besides `errors`; every other field is null. */
  refused?(error: DomainError): object;
}

/** A payload type as `PayloadMutation` takes it: the GraphQL class and how it is filled. */
export type PayloadClass<R> = ClassType & PayloadFill<R>;

/**
 * Declares `<Name>Payload { <field>: T, errors: [UserError!]! }`, the one result shape of every
 * mutation: on success `errors` is empty; on an expected failure the field is null and `errors`
 * says why, and nothing was changed.
 */
export function PayloadType<T extends object>(
  name: string,
  field: string,
  type: ClassType<T> | object,
  description: { payload: string; field: string; errors?: string },
) {
  return Object.assign(payloadWith(name, field, type, description), inField(field));
}

/**
 * Declares `<Name>Payload { <field>: T, <secret>: String, errors }` for a mutation that hands out
 * a secret, shown this once: the method returns both fields by their payload names.
 */
export function SecretPayloadType<T extends object>(
  name: string,
  [field, secret]: [string, string],
  type: ClassType<T> | object,
  description: { payload: string; field: string; secret: string; errors?: string },
) {
  const Payload = payloadWith(name, field, type, description);
  Field(() => String, { nullable: true, description: description.secret })(Payload.prototype, secret);
  return Payload as ClassType & PayloadFill<{ [key: string]: unknown }>;
}

/** A registered `<Name>Payload` with `errors` and one nullable field. */
function payloadWith(
  name: string,
  field: string,
  type: ClassType | object,
  description: { payload: string; field: string; errors?: string },
) {
  @ObjectType(`${name}Payload`, { description: description.payload })
  class Payload {
    @Field(() => [UserError], { description: description.errors ?? ERRORS })
    errors!: UserError[];
  }
  Field(() => type, { nullable: true, description: `${description.field} Null when \`errors\` is not empty.` })(
    Payload.prototype,
    field,
  );
  return Payload;
}

/**
 * The one mapping from a mutation's service call to its payload: the result's fields with empty
 * `errors`, or the domain error's issues under `errors` (with the fields the payload says a
 * refusal sets). Anything else propagates to the error mapping (and is masked).
 */
export async function respond<R>(type: PayloadFill<R>, work: () => Promise<R>): Promise<Record<string, unknown>> {
  try {
    const result = await work();
    return { ...(type.fill ? type.fill(result) : (result as object)), errors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { ...type.refused?.(error), errors: issuesOf(error) };
    throw error;
  }
}

/** The fill of a payload whose one field holds the result, null on a refusal. */
function inField(field: string) {
  return { fill: (result: unknown) => ({ [field]: result }), refused: () => ({ [field]: null }) };
}
