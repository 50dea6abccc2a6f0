/**
 * Read models for the hot list paths. Building MikroORM entities (identity map, change-set
 * snapshots, references) cost most of a key page's CPU; a list that only reads needs none of
 * that. These make instances of the same classes (so GraphQL types and methods such as
 * `statusAt` work) straight from rows, unmanaged: never flush them, load entities to write.
 * `fields` must be a fresh object literal (it becomes the instance, it is not copied).
 */
export function instance<T extends object>(type: { prototype: T }, fields: Partial<T>): T {
  // `fields` becomes the instance: an object literal's properties are its own data properties,
  // so a relation the ORM has an accessor for on the prototype is never assigned through it
  // (that would start tracking the object), and the object keeps the literal's fast shape.
  // Giving it the class's prototype is one cached map transition per call site; copying the
  // fields one by one onto `Object.create(prototype)` (defining the accessors' names) cost ~10x
  // as much and was the largest item of the keys page's own code.
  return Object.setPrototypeOf(fields, type.prototype) as T;
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

/** A row by column name (as the driver gives it), or by position (an array, as the keys page's rows come). */
export type Row = Readonly<Record<string, unknown>> | readonly unknown[];

/** Where each of a read model's columns is in its rows: a column name, or a position. */
export type ColumnsAt<C extends string> = Readonly<Record<C, string | number>>;

/** The value at `at` of `row` (a name of a row by name, a position of a row by position). */
export function valueAt(row: Row, at: string | number): unknown {
  return (row as Record<string | number, unknown>)[at];
}

/**
 * Where each of a read model's columns `all` is in a row by position that holds `read` (some of
 * them, in that order) from `offset` on; -1 for a column not read.
 */
export function positionsIn<C extends string>(all: readonly C[], read: readonly C[], offset = 0): ColumnsAt<C> {
  return Object.fromEntries(all.map((c) => [c, read.includes(c) ? offset + read.indexOf(c) : -1])) as ColumnsAt<C>;
}
