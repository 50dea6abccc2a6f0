/**
 * A piece of SQL with `?` placeholders and their values, in order. Conditions are written once
 * as fragments and then used both by MikroORM's query builder (which takes `?`) and by raw
 * node-postgres statements such as cursors (which take `$1, $2…`, see `numbered`).
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
  ) {}
}

/**
 * `exists (select 1 from <from> where <link> and …)`, with `column = value` for each of `equal`'s
 * columns that is given a value (null and undefined leave it out); null when none is given.
 */
export function existsWhere(from: string, link: string, equal: Record<string, unknown>): Sql | null {
  const given = Object.entries(equal).filter(([, value]) => value != null);
  if (!given.length) return null;
  return new Sql(
    `exists (select 1 from ${from} where ${[link, ...given.map(([column]) => `${column} = ?`)].join(" and ")})`,
    given.map(([, value]) => value),
  );
}

/**
 * Builds a fragment from a template: an interpolated `Sql` is inlined with its parameters, any
 * other value becomes a `?` parameter, so values never become SQL text.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0] ?? "";
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += "?";
      params.push(value);
    }
    text += strings[i + 1] ?? "";
  });
  return new Sql(text, params);
}

/**
 * `n` written into a statement's text, checked to be an integer: for a page's `limit`, which a
 * prepared statement's generic plan could not see as a parameter (`readRows`).
 */
export function integerSql(n: number): Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`Not an integer: ${n}`);
  return new Sql(String(n));
}

/** The fragments joined by `separator` (e.g. `union all`), parameters in order. */
export function joinSql(fragments: readonly Sql[], separator: string): Sql {
  return new Sql(
    fragments.map((f) => f.text).join(separator),
    fragments.flatMap((f) => f.params),
  );
}

/** The fragments joined with `and`, each in parentheses so an `or` inside stays inside; `true` for none. */
export function allOf(fragments: readonly Sql[]): Sql {
  if (!fragments.length) return new Sql("true");
  return new Sql(
    fragments.map((f) => `(${f.text})`).join(" and "),
    fragments.flatMap((f) => f.params),
  );
}

/**
 * The fragment for node-postgres, which takes only numbered placeholders: each `?` becomes `$n`.
 * A `?` inside a quoted literal or identifier is text, not a placeholder, and is left alone.
 */
export function numbered(fragment: Sql): { text: string; values: unknown[] } {
  let n = 0;
  const text = fragment.text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) =>
    match === "?" ? `$${++n}` : match,
  );
  if (n !== fragment.params.length) {
    throw new Error(`SQL has ${n} placeholders for ${fragment.params.length} parameters.`);
  }
  return { text, values: [...fragment.params] };
}

/** A PostgreSQL text[] literal; every element is quoted, so commas and braces in it are safe. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
