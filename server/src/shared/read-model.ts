/**
 * Read models for the hot list paths. Building MikroORM entities (identity map, change-set
 * snapshots, references) cost most of a key page's CPU; a list that only reads needs none of
 * that. These make instances of the same classes (so GraphQL types, `instanceof` and methods
 * such as `statusAt` work) straight from rows, unmanaged: never flush them, load entities to write.
 */
export function instance<T extends object>(type: { prototype: T }, fields: Partial<T>): T {
  // Each read model is a new object whose prototype is made once per class (`readModelPrototype`),
  // and the fields are copied onto it. Giving each object its class's prototype instead
  // (`Object.setPrototypeOf`) is a runtime call V8 cannot inline: ~0.25 µs an object, ~55 µs for
  // the 240 read models of a keys page, more than the rest of building them.
  return Object.assign(Object.create(readModelPrototype(type.prototype)), fields) as T;
}

/** Per entity class prototype, the prototype its read models have (`readModelPrototype`). */
const readModelPrototypes = new WeakMap<object, object>();

/**
 * The prototype of an entity class's read models: the class's own prototype, under an object that
 * shadows each of its accessors that has a setter with a writable data property. MikroORM gives an
 * entity's prototype a setter for each of its properties (assigning through it starts tracking
 * the object in a unit of work), so a field copied onto a read model becomes the read model's own
 * data property and never reaches the ORM. A read model's unset field reads `undefined`, as it did
 * through a setter alone; getters without a setter (computed fields such as `verifiable`) are left
 * as they are. Kept once the ORM has given the class's prototype its setters (and its `__meta`):
 * one made before that would shadow none of them, so it is not kept.
 */
function readModelPrototype(prototype: object): object {
  const known = readModelPrototypes.get(prototype);
  if (known) return known;
  const shadowing = Object.create(prototype) as object;
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (!descriptor.set || Object.hasOwn(shadowing, name)) continue;
      Object.defineProperty(shadowing, name, { value: undefined, writable: true, configurable: true });
    }
  }
  if (Reflect.get(prototype, "__meta") !== undefined) readModelPrototypes.set(prototype, shadowing);
  return shadowing;
}

/**
 * A timestamp column as the driver returned it (a Date, ISO text, or milliseconds since the epoch
 * as `epochMillisSql` writes it), or null.
 */
export function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return new Date(value);
  return value instanceof Date ? value : new Date(String(value));
}

/**
 * SQL: the timestamp `column` as whole milliseconds since the epoch, for a statement that returns
 * its rows as JSON (`date` reads it). JSON would carry a timestamp as ISO text, which costs five
 * times as much to read into a Date as a number does (~0.2 µs against 0.04 µs, a hundred times a
 * keys page). Rounded down, as a Date made from the text drops the microseconds.
 */
export function epochMillisSql(column: string): string {
  return `floor(extract(epoch from ${column}) * 1000)`;
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
