import { describe, expect, it } from "vitest";
import { LeaversFileError, leaverIdempotencyKey, parseLeaversCsv } from "../src/index.js";

describe("parseLeaversCsv", () => {
  it("reads rows with and without optional columns, in header order, lower-casing emails", () => {
    const rows = parseLeaversCsv(
      '\uFEFFreason,email,default_target\r\n# a comment\r\n\r\n"left, on 30 Nov",Ben.Tan@Example.org,Team@Example.org\r\n,amy@example.org,\r\n',
    );
    expect(rows).toEqual([
      {
        line: 4,
        email: "ben.tan@example.org",
        defaultTarget: "team@example.org",
        reason: "left, on 30 Nov",
        problem: null,
      },
      { line: 5, email: "amy@example.org", defaultTarget: null, reason: null, problem: null },
    ]);
  });

  it("takes email, default_target, reason in that order without a header", () => {
    expect(parseLeaversCsv('a@example.org\nb@example.org,t@example.org,"say ""bye"""')).toMatchObject([
      { line: 1, email: "a@example.org", defaultTarget: null, reason: null },
      { line: 2, email: "b@example.org", defaultTarget: "t@example.org", reason: 'say "bye"' },
    ]);
  });

  it("reports each bad row with a code and keeps the others", () => {
    const rows = parseLeaversCsv(
      [
        "email,default_target,reason",
        "ok@example.org",
        '"open@example.org',
        "not-an-email",
        "a@example.org,b@example.org,why,extra",
        "ok@example.org",
        "c@example.org,not-a-target",
      ].join("\n"),
    );
    expect(rows.map((r) => [r.line, r.problem?.code ?? "ok"])).toEqual([
      [2, "ok"],
      [3, "MALFORMED_ROW"],
      [4, "INVALID_EMAIL"],
      [5, "MALFORMED_ROW"],
      [6, "DUPLICATE_ROW"],
      [7, "INVALID_EMAIL"],
    ]);
  });

  it("refuses a header with an unknown column", () => {
    expect(() => parseLeaversCsv("email,manager\na@example.org,b@example.org")).toThrow(LeaversFileError);
  });
});

describe("leaverIdempotencyKey", () => {
  it("is the same for the same leaver, target and reason, and differs otherwise", async () => {
    const key = await leaverIdempotencyKey("Ben.Tan@example.org ", "team@example.org", "left");
    expect(key).toMatch(/^kh-[0-9a-f]{64}$/);
    expect(await leaverIdempotencyKey("ben.tan@example.org", "team@example.org", "left")).toBe(key);
    expect(await leaverIdempotencyKey("ben.tan@example.org", "other@example.org", "left")).not.toBe(key);
    expect(await leaverIdempotencyKey("ben.tan@example.org", "team@example.org", null)).not.toBe(key);
    expect(await leaverIdempotencyKey("ben.tan@example.org", "team@example.org", "left", false)).toBe(key);
    expect(await leaverIdempotencyKey("ben.tan@example.org", "team@example.org", "left", true)).not.toBe(key);
  });
});
