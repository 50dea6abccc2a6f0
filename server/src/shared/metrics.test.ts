import { describe, expect, it } from "vitest";
import { MAX_OPERATION_NAMES, Metrics } from "./metrics.js";

describe("Metrics.operationLabel", () => {
  it("keeps the first names, then counts new ones as other; unnamed and unresolved operations get a bucket", () => {
    const metrics = new Metrics();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(metrics.operationLabel(`Op${i}`, true)).toBe(`Op${i}`);
    expect(metrics.operationLabel("OneTooMany", true)).toBe("other");
    expect(metrics.operationLabel("Op7", true)).toBe("Op7");
    expect(metrics.operationLabel(undefined, true)).toBe("anonymous");
    expect(metrics.operationLabel("Op7", false)).toBe("invalid");
  });

  it("never takes a label value that is not a GraphQL name", () => {
    const metrics = new Metrics();
    expect(metrics.operationLabel('x"} 1\nfake_metric 9', true)).toBe("other");
    expect(metrics.operationLabel("a".repeat(101), true)).toBe("other");
  });
});
