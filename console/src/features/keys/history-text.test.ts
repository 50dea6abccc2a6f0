import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../components/format.js";
import { describeKeyEvent, overlapsEndedEarly } from "./history-text.js";

describe("describeKeyEvent", () => {
  it("says which prefix a rotation replaced and until when the old secret keeps working, while it does", () => {
    const rotation = {
      action: "api_key.rotated",
      occurredAt: "2026-12-04T10:00:00.000Z",
      before: { prefix: "kh_live_old" },
      after: { prefix: "kh_live_new", overlapHours: 48 },
    };
    const until = formatDateTime("2026-12-06T10:00:00.000Z");
    expect(describeKeyEvent(rotation, Date.parse("2026-12-05T10:00:00.000Z"))).toEqual({
      what: "Rotated",
      detail: `kh_live_old… replaced by kh_live_new…; the old secret keeps working until ${until}`,
    });
    expect(describeKeyEvent(rotation, Date.parse("2026-12-07T10:00:00.000Z")).detail).toBe(
      `kh_live_old… replaced by kh_live_new…; the old secret kept working for 48 hours, until ${until}`,
    );
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

  it("shows an action it has no sentence for in words, not as a code", () => {
    expect(describeKeyEvent({ action: "api_key.frobbed" })).toEqual({ what: "Key frobbed" });
  });

  it("tells a suspension, a resumption and an overlap ended early, and a rotation whose old secret was stopped", () => {
    expect(describeKeyEvent({ action: "api_key.suspended" }).what).toBe("Suspended");
    expect(describeKeyEvent({ action: "api_key.resumed" }).what).toBe("Resumed");
    const until = "2026-12-06T10:00:00.000Z";
    expect(
      describeKeyEvent({
        action: "api_key.overlap_ended",
        before: { previousPrefix: "kh_live_old", previousSecretExpiresAt: until },
      }),
    ).toEqual({
      what: "Old secret stopped early",
      detail: `kh_live_old… stopped working; it would have worked until ${formatDateTime(until)}`,
    });
    const history = [
      { id: "e-3", action: "api_key.overlap_ended", occurredAt: "2026-12-04T12:00:00.000Z" },
      { id: "e-2", action: "api_key.rotated", occurredAt: "2026-12-04T10:00:00.000Z" },
      { id: "e-1", action: "api_key.rotated", occurredAt: "2026-12-01T10:00:00.000Z" },
    ];
    const ended = overlapsEndedEarly(history);
    expect([...ended]).toEqual([["e-2", "2026-12-04T12:00:00.000Z"]]);
    const rotation = {
      action: "api_key.rotated",
      occurredAt: "2026-12-04T10:00:00.000Z",
      before: { prefix: "kh_live_old" },
      after: { prefix: "kh_live_new", overlapHours: 48 },
    };
    expect(describeKeyEvent(rotation, Date.parse("2026-12-04T13:00:00.000Z"), ended.get("e-2")).detail).toBe(
      `kh_live_old… replaced by kh_live_new…; the old secret was stopped early, ${formatDateTime("2026-12-04T12:00:00.000Z")}`,
    );
  });
});
