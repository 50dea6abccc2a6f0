import { Field, ID, InterfaceType } from "type-graphql";
import type { Principal } from "../shared/principal.js";
import type { RequestContext } from "../shared/request-context.js";

/**
 * An object with a globally unique id, fetched again by `node(id)` (the Global Object
 * Identification convention GitHub's and Shopify's APIs follow). Keyholder's ids are UUIDs, unique
 * across every table, so an id is already global: no prefix, no encoding, and every argument keeps
 * taking the ids it always took.
 */
@InterfaceType("Node", { description: "An object with a globally unique id: `node(id)` fetches it again." })
export abstract class Node {
  @Field(() => ID, { description: "Globally unique: no other object, of any type, has it." })
  id!: string;
}

/**
 * What the module owning a table of nodes tells `node(id)` about it, so the node module finds
 * objects without knowing other modules' tables: the table (its `id` a uuid), the class its
 * objects are, how to load many at once, and who may see one (the rule of the type's own root
 * field; signed-in callers by default).
 */
export interface NodeTable<T extends { id: string } = { id: string }> {
  table: string;
  /** The class of the loaded objects; `node`'s answer is typed by it. */
  type: abstract new (
    ...args: never[]
  ) => T;
  /** The GraphQL type of one object (a holder is a User or a GroupEmail). */
  typeName(node: T): string;
  /** The objects with these ids, in one statement. */
  load(ctx: RequestContext, ids: string[]): Promise<T[]>;
  /** Whether this principal may see the object; when it may not, `node` answers null. */
  visible?(principal: Principal, node: T): boolean;
}
