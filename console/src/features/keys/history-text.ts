import { actionLabel } from "../../components/audit-action.js";
import { formatDateTime } from "../../components/format.js";
import { plural } from "../../components/plural.js";

type Snapshot = Record<string, unknown> | null | undefined;

export interface HistoryLine {
  /** What happened, in a word or two. */
  what: string;
  /** The change itself, from the event's before and after. */
  detail?: string;
}

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
const expiry = (v: unknown) => (str(v) ? formatDateTime(v as string) : "never");

/**
 * One audit event of a key in words: the action, and what changed (prefixes, holder, name, expiry).
 * A rotation's overlap is told in the tense `now` needs: the old secret keeps working until a time
 * still ahead, and kept working until one gone by.
 */
export function describeKeyEvent(
  event: { action: string; occurredAt?: string; before?: Snapshot; after?: Snapshot },
  now: number = Date.now(),
  /** For a rotation: when its overlap was ended early (`api_key.overlap_ended`), if it was. */
  overlapEndedAt?: string,
): HistoryLine {
  const before = event.before ?? {};
  const after = event.after ?? {};
  switch (event.action) {
    case "api_key.created": {
      const holder = str(after.holder);
      return { what: "Created", detail: holder ? `Issued to ${holder}` : undefined };
    }
    case "api_key.rotated": {
      const hours = typeof after.overlapHours === "number" ? after.overlapHours : undefined;
      const prefixes = `${str(before.prefix) ?? "?"}… replaced by ${str(after.prefix) ?? "?"}…`;
      if (overlapEndedAt) {
        return {
          what: "Rotated",
          detail: `${prefixes}; the old secret was stopped early, ${formatDateTime(overlapEndedAt)}`,
        };
      }
      return { what: "Rotated", detail: prefixes + overlapText(hours, event.occurredAt, now) };
    }
    case "api_key.suspended":
      return { what: "Suspended", detail: "refused everywhere until resumed" };
    case "api_key.resumed":
      return { what: "Resumed", detail: "works again" };
    case "api_key.overlap_ended": {
      const until = str(before.previousSecretExpiresAt);
      return {
        what: "Old secret stopped early",
        detail: `${str(before.previousPrefix) ?? "?"}… stopped working${until ? `; it would have worked until ${formatDateTime(until)}` : ""}`,
      };
    }
    case "api_key.revoked":
      return { what: "Revoked", detail: str(after.revokedReason) };
    case "api_key.access_widened": {
      const gained = Array.isArray(after.gained) ? after.gained.join(", ") : "?";
      return {
        what: "Works on more services",
        detail: `also on ${gained}: ${str(after.holder) ?? "?"} became Billing there`,
      };
    }
    case "api_key.reassigned":
      return { what: "Reassigned", detail: `${str(before.holder) ?? "?"} → ${str(after.holder) ?? "?"}` };
    case "api_key.updated": {
      const changes: string[] = [];
      if (before.name !== after.name) changes.push(`name “${str(before.name)}” → “${str(after.name)}”`);
      if (before.expiresAt !== after.expiresAt) {
        changes.push(`expiry ${expiry(before.expiresAt)} → ${expiry(after.expiresAt)}`);
      }
      return { what: "Edited", detail: changes.join("; ") || undefined };
    }
    default:
      return { what: actionLabel(event.action) };
  }
}

/**
 * For each rotation in a key's history (newest first), when its overlap was ended early: the
 * `api_key.overlap_ended` event that follows it before the next rotation.
 */
export function overlapsEndedEarly(
  history: readonly { id: string; action: string; occurredAt: string }[],
): Map<string, string> {
  const ended = new Map<string, string>();
  let endedAt: string | undefined;
  for (const event of history) {
    if (event.action === "api_key.overlap_ended") endedAt = event.occurredAt;
    else if (event.action === "api_key.rotated") {
      if (endedAt) ended.set(event.id, endedAt);
      endedAt = undefined;
    }
  }
  return ended;
}

function overlapText(hours: number | undefined, occurredAt: string | undefined, now: number): string {
  if (hours === undefined) return "";
  if (hours === 0) return "; the old secret stopped at once";
  if (!occurredAt) return `; the old secret had ${plural(hours, "hour")} of overlap`;
  const until = new Date(new Date(occurredAt).getTime() + hours * 3_600_000).toISOString();
  return new Date(until).getTime() > now
    ? `; the old secret keeps working until ${formatDateTime(until)}`
    : `; the old secret kept working for ${plural(hours, "hour")}, until ${formatDateTime(until)}`;
}
