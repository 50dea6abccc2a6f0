import { Field, ID, InputType } from "type-graphql";

/** The shape of an input that names one record by its id. */
export interface IdInputShape {
  id: string;
}

/**
 * Declares `<Mutation>Input { id: ID! }` for a mutation that acts on one record and needs nothing
 * else: each mutation keeps its own input type (so it can grow fields later) without a class of
 * its own to repeat. The service behind it checks the id.
 */
export function IdInput(mutation: string, description: { input: string; id: string }) {
  @InputType(`${mutation}Input`, { description: description.input })
  class Input implements IdInputShape {
    @Field(() => ID, { description: description.id })
    id!: string;
  }
  return Input;
}
