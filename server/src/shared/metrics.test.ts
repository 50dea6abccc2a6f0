import { describe, expect, it } from "vitest";
import { MAX_OPERATION_NAMES, Metrics } from "./metrics.js";

describe("Metrics.operationLabel", () => {
  it("keeps the first names, then counts new ones as other; unnamed and unresolved operations get a bucket", () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(metrics.operationLabel(`Op${i}`, true, true)).toBe(`Op${i}`);
    expect(metrics.operationLabel("OneTooMany", true, true)).toBe("other");
    expect(metrics.operationLabel("Op7", true, true)).toBe("Op7");
    expect(metrics.operationLabel(undefined, true, true)).toBe("anonymous");
    expect(metrics.operationLabel("Op7", false, true)).toBe("invalid");
  });

  it("adds no name for a caller who is not signed in, but labels a name already kept", () => {
    const metrics = new Metrics();
    expect(metrics.operationLabel("Holders", true, true)).toBe("Holders");
    expect(metrics.operationLabel("Flood1", true, false)).toBe("other");
    expect(metrics.operationLabel("Flood1", true, true)).toBe("Flood1");
    expect(metrics.operationLabel("Holders", true, false)).toBe("Holders");
  });

  it("never takes a label value that is not a GraphQL name", () => {
    const metrics = new Metrics();
    expect(metrics.operationLabel('x"} 1\nfake_metric 9', true, true)).toBe("other");
    expect(metrics.operationLabel("a".repeat(101), true, true)).toBe("other");
  });
});
