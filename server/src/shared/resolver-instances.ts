/**
 * The resolver objects one server builds with what they need (its verification cache, its
 * session settings). type-graphql asks for a resolver by class on every call (see the schema's
 * container); a request context points at its server's instances, so it carries request data and
 * no service of its own. A class without a registered instance is made once, with no arguments.
 */
export class ResolverInstances {
  private readonly byClass = new Map<unknown, object>();

  /** Registers `instance` as the one object of its class. */
  add(instance: object): this {
    this.byClass.set(instance.constructor, instance);
    return this;
  }

  /** The registered instance of `type`, if any. */
  get<T>(type: abstract new (...args: never[]) => T): T | undefined {
    return this.byClass.get(type) as T | undefined;
  }
}
