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

/** A timestamp column as the driver returned it (Date or text), or null. */
export function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const time = timestampMillis(text);
  return new Date(Number.isNaN(time) ? text : time);
}

/**
 * The instant of a timestamp as PostgreSQL writes it, in text (`2026-12-05 10:13:41.123+00`, the
 * driver's form) or in JSON (`2026-12-05T10:13:41.123+00:00`), also with `Z`; NaN for anything
 * else (BC, years past 9999, `infinity`), which `new Date(text)` then reads. Read digit by
 * digit: `new Date(text)` takes the engine's slower fallback parser for PostgreSQL's form, and a
 * keys page reads ~600 timestamps. Fractions beyond milliseconds are cut, as `new Date` does.
 */
export function timestampMillis(text: string): number {
  const n = text.length;
  if (n < 20) return Number.NaN;
  const sep = text.charCodeAt(10);
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    (sep !== 32 && sep !== 84) ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return Number.NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return Number.NaN;
    millis = digits(text, start, Math.min(3, i - start)) * 10 ** (3 - Math.min(3, i - start));
  }
  let offset = 0;
  const sign = text.charCodeAt(i);
  if (sign === 90 && i + 1 === n) {
    offset = 0;
  } else if ((sign === 43 || sign === 45) && (n - i === 3 || (n - i === 6 && text.charCodeAt(i + 3) === 58))) {
    offset = (digits(text, i + 1, 2) * 60 + (n - i === 6 ? digits(text, i + 4, 2) : 0)) * (sign === 45 ? -1 : 1);
  } else {
    return Number.NaN;
  }
  // Date.UTC would read years 0–99 as 1900–1999 and roll 31 February over to March: not this fast path.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  // A digit that was not one is NaN, and so is the result.
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `length` digits at `start`, or NaN when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return Number.NaN;
    value = value * 10 + code - 48;
  }
  return value;
}

/** True when a relation holds a loaded record rather than an unloaded reference. */
export function isLoaded(related: object): boolean {
  return Reflect.get(related, "email") !== undefined || Reflect.get(related, "slug") !== undefined;
}
