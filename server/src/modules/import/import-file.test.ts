import { describe, expect, it } from "vitest";
import { DomainError } from "../../shared/errors.js";
import { readCsv } from "./import-csv.js";
import { MAX_IMPORT_ROWS, rowsOfBundle, rowsOfCsv } from "./import-file.js";
import { ImportKind } from "./import-kind.js";

const tooMany = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : error;
  }
  return "no error";
};

describe("reading an inventory file", () => {
  it("stops reading CSV records once there are more than the caller accepts", () => {
    const text = "a\nb\nc\nd\ne\n";
    expect(readCsv(text)?.map((r) => r.fields[0])).toEqual(["a", "b", "c", "d", "e"]);
    expect(readCsv(text, 2)?.map((r) => r.fields[0])).toEqual(["a", "b", "c"]);
  });

  it("refuses a file of more rows than an import holds, CSV or JSON", () => {
    const lines = `name,environment,holder\n${"k,TEST,a@example.com\n".repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(tooMany(() => rowsOfCsv([{ kind: ImportKind.KEY, content: lines }]))).toBe("TOO_MANY_ROWS");
    const half = Math.ceil((MAX_IMPORT_ROWS + 1) / 2);
    const users = `"users":[${"0,".repeat(half - 1)}0]`;
    const keys = `"keys":[${"0,".repeat(half - 1)}0]`;
    expect(tooMany(() => rowsOfBundle(`{${users},${keys}}`))).toBe("TOO_MANY_ROWS");
    // Exactly the limit is still read.
    const exact = `name,environment,holder\n${"k,TEST,a@example.com\n".repeat(MAX_IMPORT_ROWS)}`;
    expect(rowsOfCsv([{ kind: ImportKind.KEY, content: exact }])).toHaveLength(MAX_IMPORT_ROWS);
  });
});
