import { describe, expect, it } from "vitest";
import { plural } from "./plural.js";

describe("plural", () => {
  it("uses the singular for one and the plural for every other count, zero included", () => {
    expect(plural(1, "key")).toBe("1 key");
    expect(plural(0, "key")).toBe("0 keys");
    expect(plural(4, "active member")).toBe("4 active members");
    expect(plural(2, "access")).toBe("2 accesses");
    expect(plural(10_000, "key")).toBe("10,000 keys");
    expect(plural(3, "person", "people")).toBe("3 people");
  });
});
