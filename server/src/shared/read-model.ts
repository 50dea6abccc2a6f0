/**
 * Read models for the hot list paths. Building MikroORM entities (identity map, change-set
 * snapshots, references) cost most of a key page's CPU; a list that only reads needs none of
 * that. These make instances of the same classes (so GraphQL types and methods such as
 * `statusAt` work) straight from rows, unmanaged: never flush them, load entities to write.
 */
export function instance<T extends object>(type: { prototype: T }, fields: Partial<T>): T {
  // Own data properties, not assignment: the ORM puts accessors for relations on entity
  // prototypes, and going through them would start tracking the object.
  const descriptors: PropertyDescriptorMap = {};
  for (const key of Object.keys(fields)) {
    descriptors[key] = { value: fields[key as keyof T], writable: true, enumerable: true, configurable: true };
  }
  return Object.create(type.prototype, descriptors) as T;
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
