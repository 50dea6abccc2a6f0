import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "./errors.js";
import { email, fieldPath, optionalText, parseInput, recordId, slug, text } from "./validation.js";

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

describe("field paths", () => {
  it("join names with dots and put list positions in brackets", () => {
    expect(fieldPath(["name"])).toBe("name");
    expect(fieldPath(["decisions", 3, "keyId"])).toBe("decisions[3].keyId");
    expect(fieldPath(["keyIds", 0])).toBe("keyIds[0]");
    expect(fieldPath([])).toBe("");
  });

  it("report every malformed id of a list at its position, and lower-case good ones", () => {
    const ids = z.object({ ids: z.array(recordId) });
    const upper = "0A5E2C1F-8B3D-4C2A-9F1E-7D6B5A4C3B2A";
    expect(parseInput(ids, { ids: [upper] }).ids).toEqual([upper.toLowerCase()]);
    try {
      parseInput(ids, { ids: [upper, "x", upper, "y"] });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { field: "ids[1]", code: "INVALID_ID", message: "ids[1] is not a valid id." },
        { field: "ids[3]", code: "INVALID_ID", message: "ids[3] is not a valid id." },
      ]);
    }
  });
});
