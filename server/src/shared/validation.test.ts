import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "./errors.js";
import { email, optionalText, parseInput, slug, text } from "./validation.js";

const schema = z.object({ name: text(50), note: optionalText(50), email, slug });
const good = { name: "Payments 🔑", note: null, email: "team@agency.gov.example", slug: "fines" };

function issues(input: Record<string, unknown>) {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => ({ field: i.field, code: i.code }));
    throw error;
  }
  return [];
}

describe("text helpers", () => {
  it("refuse NUL characters and unpaired surrogates in every kind of text with INVALID_TEXT", () => {
    for (const bad of ["a\u0000b", "\ud800", "x\udc00y", "\udc00\ud800"]) {
      for (const field of ["name", "note", "email", "slug"]) {
        expect({ bad, issues: issues({ ...good, [field]: bad }) }).toEqual({
          bad,
          issues: [{ field, code: "INVALID_TEXT" }],
        });
      }
    }
  });

  it("take characters outside the basic plane, written as surrogate pairs", () => {
    expect(parseInput(schema, good).name).toBe("Payments 🔑");
  });
});
