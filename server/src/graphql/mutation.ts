import { Arg, Authorized, type ClassType, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../shared/request-context.js";
import type { Role } from "../shared/role.js";
import { type PayloadClass, respond } from "./payload.js";

/** What a mutation declares: who may call it, what it answers, and its `input` argument. */
export interface PayloadMutationOptions<R> {
  /** The least role that may call it (checked by `authChecker`), or PUBLIC for signing in. */
  role: Role | "PUBLIC";
  /** Its `<Name>Payload`, filled from what the method returns. */
  payload: PayloadClass<R>;
  description: string;
  /** The `input` argument's type and description; without it, the mutation takes no argument. */
  input?: { type: ClassType | object; description: string };
}

// biome-ignore lint/suspicious/noExplicitAny: the method's own parameters are checked where it is written.
type MutationMethod<R> = (...args: any[]) => Promise<R>;

/**
 * Declares a mutation in the one shape every mutation has: `@Authorized(role)`, one `input`
 * argument, the request context, and a payload. The method receives `(input, ctx)` (or `(ctx)`
 * without input) and returns the service's result; a domain error it throws becomes the
 * payload's `errors` (see `respond`), so resolvers stay one service call each.
 */
export function PayloadMutation<R>(options: PayloadMutationOptions<R>) {
  return <M extends MutationMethod<R>>(prototype: object, name: string, descriptor: TypedPropertyDescriptor<M>) => {
    const method = descriptor.value;
    if (!method) throw new Error(`@PayloadMutation on ${name}, which is not a method`);
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      return respond(options.payload, () => method.apply(this, args));
    } as M;
    if (options.role !== "PUBLIC") Authorized(options.role)(prototype, name, descriptor);
    Mutation(() => options.payload, { description: options.description })(prototype, name, descriptor);
    const { input } = options;
    if (input) Arg("input", () => input.type, { description: input.description })(prototype, name, 0);
    Ctx()(prototype, name, input ? 1 : 0);
    return descriptor;
  };
}

/** One mutation of a `PayloadMutations` resolver, as data: its declaration and the service call it makes. */
export interface MutationEntry<I extends object, R = unknown>
  extends Omit<PayloadMutationOptions<R>, "role" | "input"> {
  /** The `input` argument's type and description; without it, the mutation takes no argument. */
  input?: { type: ClassType<I> | object; description: string };
  run(ctx: RequestContext, input: I): Promise<R>;
}

/**
 * A resolver class whose mutations, all for callers with at least `role`, are data keyed by
 * name, each declared as `@PayloadMutation` would declare it: a module lists what each mutation
 * says and the one service call it makes, rather than writing a decorated method per mutation
 * (type-graphql's resolver inheritance: a function that returns the class).
 */
export function PayloadMutations<M extends Record<string, object>>(
  role: Role | "PUBLIC",
  mutations: { [K in keyof M]: MutationEntry<M[K]> },
): ClassType {
  class Mutations {}
  for (const [name, mutation] of Object.entries<MutationEntry<object>>(mutations)) {
    const run = mutation.input
      ? (input: object, ctx: RequestContext) => mutation.run(ctx, input)
      : (ctx: RequestContext) => mutation.run(ctx, {});
    const descriptor: TypedPropertyDescriptor<MutationMethod<unknown>> = {
      value: run,
      writable: true,
      configurable: true,
    };
    PayloadMutation({ ...mutation, role })(Mutations.prototype, name, descriptor);
    Object.defineProperty(Mutations.prototype, name, descriptor);
  }
  Resolver()(Mutations);
  return Mutations;
}

/** One mutation of an `EntityMutations` resolver, as data: what it says and the service call it makes. */
export interface EntityMutation<I extends object, O = string> {
  description: string;
  /**
   * What it answers with: the description of its `<Mutation>Payload` (what the resolver's
   * `payload` takes), or a payload class of its own when it answers with more than the entity.
   */
  outcome: O | PayloadClass<unknown>;
  /** The `input` argument's type and description. */
  input: { type: ClassType<I>; description: string };
  run(ctx: RequestContext, input: I): Promise<unknown>;
}

/**
 * A `PayloadMutations` resolver whose mutations each change one entity and answer with it: the
 * payload of mutation `name` is `payload(<Name>, outcome)` (or the entry's own payload class), so a module writes each rule once.
 */
export function EntityMutations<M extends Record<string, object>, O = string>(
  role: Role,
  payload: (mutation: string, outcome: O) => PayloadClass<unknown>,
  mutations: { [K in keyof M]: EntityMutation<M[K], O> },
): ClassType {
  const entries = Object.entries<EntityMutation<object, O>>(mutations).map(([name, { outcome, ...mutation }]) => {
    const typeName = name.charAt(0).toUpperCase() + name.slice(1);
    const answer = typeof outcome === "function" ? (outcome as PayloadClass<unknown>) : payload(typeName, outcome as O);
    return [name, { ...mutation, payload: answer }];
  });
  return PayloadMutations<Record<string, object>>(role, Object.fromEntries(entries));
}
