/**
 * Read models for the hot list paths. Building MikroORM entities (identity map, change-set
 * snapshots, references) cost most of a key page's CPU; a list that only reads needs none of
 * that. These make instances of the same classes (so GraphQL types and methods such as
 * `statusAt` work) straight from rows, unmanaged: never flush them, load entities to write.
 */
export function instance<T extends object>(type: { prototype: T }, fields: Partial<T>): T {
  const object = Object.create(type.prototype) as Record<string, unknown>;
  const accessors = accessorsOf(type.prototype);
  for (const key of Object.keys(fields)) {
    const value = fields[key as keyof T];
    // Own data properties, not assignment, where the ORM put an accessor for a relation on the
    // entity's prototype: going through it would start tracking the object. Every other field
    // is assigned, which keeps the object in V8's fast mode (Object.create with a property map
    // made each key-page row a slow dictionary object, costly to build, read and collect).
    if (accessors.has(key)) {
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      object[key] = value;
    }
  }
  return object as T;
}

const accessorCache = new WeakMap<object, ReadonlySet<string>>();

/** The names with a getter or setter anywhere on `prototype`'s chain, found once per class. */
function accessorsOf(prototype: object): ReadonlySet<string> {
  let names = accessorCache.get(prototype);
  if (!names) {
    const found = new Set<string>();
    for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
        if (descriptor.get || descriptor.set || !descriptor.writable) found.add(name);
      }
    }
    names = found;
    accessorCache.set(prototype, names);
  }
  return names;
}

/** A timestamp column as the driver returned it (Date or ISO text), or null. */
export function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** True when a relation holds a loaded record rather than an unloaded reference. */
export function isLoaded(related: object): boolean {
  return Reflect.get(related, "email") !== undefined || Reflect.get(related, "slug") !== undefined;
}
