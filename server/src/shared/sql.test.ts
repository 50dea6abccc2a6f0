import { describe, expect, it } from "vitest";
import { allOf, numbered, Sql, sql, textArray } from "./sql.js";

describe("sql fragments", () => {
  it("turn values into parameters and inline nested fragments with theirs, in order", () => {
    const inner = sql`b = ${2}`;
    const fragment = sql`a = ${1} and ${inner} and c = ${"x'; drop table api_key; --"}`;
    expect(fragment.text).toBe("a = ? and b = ? and c = ?");
    expect(fragment.params).toEqual([1, 2, "x'; drop table api_key; --"]);
  });

  it("join with and, keeping an or inside its own parentheses", () => {
    const joined = allOf([sql`a = ${1} or b = ${2}`, sql`c = ${3}`]);
    expect(joined.text).toBe("(a = ? or b = ?) and (c = ?)");
    expect(joined.params).toEqual([1, 2, 3]);
    expect(allOf([]).text).toBe("true");
  });

  it("number placeholders for node-postgres, leaving a ? inside quotes alone", () => {
    const fragment = sql`select 'why?', "odd?col" from t where a = ${1} and b in (${2}, ${3})`;
    expect(numbered(fragment)).toEqual({
      text: `select 'why?', "odd?col" from t where a = $1 and b in ($2, $3)`,
      values: [1, 2, 3],
    });
  });

  it("refuse a fragment whose placeholders and parameters do not match", () => {
    expect(() => numbered(new Sql("a = ? and b = ?", [1]))).toThrow(/2 placeholders for 1 parameters/);
  });

  it("quote every element of a text[] literal, escaping quotes and backslashes", () => {
    expect(textArray([])).toBe("{}");
    expect(textArray(["a", 'b"},{"c', "d\\e", ""])).toBe('{"a","b\\"},{\\"c","d\\\\e",""}');
  });
});
