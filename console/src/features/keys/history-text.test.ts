import { describe, expect, it } from "vitest";
import { describeKeyEvent } from "./history-text.js";

describe("describeKeyEvent", () => {
  it("says which prefix a rotation replaced and how long the old secret kept working", () => {
    expect(
      describeKeyEvent({
        action: "api_key.rotated",
        before: { prefix: "kh_live_old" },
        after: { prefix: "kh_live_new", overlapHours: 24 },
      }),
    ).toEqual({
      what: "Rotated",
      detail: "kh_live_old… replaced by kh_live_new…; the old secret kept working for 24 h",
    });
  });

  it("names the holders of a reassignment and only the fields an edit changed", () => {
    expect(
      describeKeyEvent({ action: "api_key.reassigned", before: { holder: "a@x.org" }, after: { holder: "team@x.org" } })
        .detail,
    ).toBe("a@x.org → team@x.org");
    expect(
      describeKeyEvent({
        action: "api_key.updated",
        before: { name: "old", expiresAt: null },
        after: { name: "new", expiresAt: null },
      }).detail,
    ).toBe("name “old” → “new”");
  });

  it("says which services a key gained when its holder became Billing there, and why a key was revoked", () => {
    expect(
      describeKeyEvent({
        action: "api_key.access_widened",
        before: { holder: "team@x.org", services: ["fines"] },
        after: { holder: "team@x.org", services: ["fines", "tolls"], gained: ["tolls"] },
      }),
    ).toEqual({ what: "Works on more services", detail: "also on tolls: team@x.org became Billing there" });
    expect(
      describeKeyEvent({ action: "api_key.revoked", after: { revokedReason: "Offboarding of a@x.org" } }).detail,
    ).toBe("Offboarding of a@x.org");
  });

  it("shows an unknown action as it is", () => {
    expect(describeKeyEvent({ action: "api_key.frobbed" })).toEqual({ what: "api_key.frobbed" });
  });
});
