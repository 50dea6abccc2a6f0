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
      return { what: "Rotated", detail: prefixes + overlapText(hours, event.occurredAt, now) };
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

function overlapText(hours: number | undefined, occurredAt: string | undefined, now: number): string {
  if (hours === undefined) return "";
  if (hours === 0) return "; the old secret stopped at once";
  if (!occurredAt) return `; the old secret had ${plural(hours, "hour")} of overlap`;
  const until = new Date(new Date(occurredAt).getTime() + hours * 3_600_000).toISOString();
  return new Date(until).getTime() > now
    ? `; the old secret keeps working until ${formatDateTime(until)}`
    : `; the old secret kept working for ${plural(hours, "hour")}, until ${formatDateTime(until)}`;
}
