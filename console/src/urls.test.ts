import { describe, expect, it } from "vitest";
import { paths, urls } from "./urls.js";

describe("console URLs", () => {
  it("build each screen's address from its route pattern", () => {
    expect(urls.key("k-1")).toBe("/keys/k-1");
    expect(urls.holder("h 1")).toBe("/holders/h%201");
    expect(urls.service("s/1")).toBe("/services/s%2F1");
    for (const [pattern, built] of [
      [paths.key, urls.key("x")],
      [paths.holder, urls.holder("x")],
      [paths.service, urls.service("x")],
    ] as const) {
      expect(built).toBe(pattern.replace(":id", "x"));
    }
  });

  it("carry filters as query parameters, leaving empty ones out", () => {
    expect(urls.keys({ environment: "PRODUCTION", holderKind: "USER", status: "ACTIVE" })).toBe(
      "/keys?environment=PRODUCTION&holderKind=USER&status=ACTIVE",
    );
    expect(urls.keys({ expiring: 30, search: "", holderId: null })).toBe("/keys?expiring=30");
    expect(urls.keys()).toBe("/keys");
    expect(urls.offboarding("u-1")).toBe("/offboarding?user=u-1");
    expect(urls.offboarding()).toBe("/offboarding");
    expect(urls.audit({ subject: "a@b.example" })).toBe("/audit?subject=a%40b.example");
  });
});
