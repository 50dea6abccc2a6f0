import { formatDateTime } from "../../components/format.js";

type Snapshot = Record<string, unknown> | null | undefined;

export interface HistoryLine {
  /** What happened, in a word or two. */
  what: string;
  /** The change itself, from the event's before and after. */
  detail?: string;
}

const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
const expiry = (v: unknown) => (str(v) ? formatDateTime(v as string) : "never");

/** One audit event of a key in words: the action, and what changed (prefixes, holder, name, expiry). */
export function describeKeyEvent(event: { action: string; before?: Snapshot; after?: Snapshot }): HistoryLine {
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
      const overlap =
        hours === undefined
          ? ""
          : hours === 0
            ? "; the old secret stopped at once"
            : `; the old secret kept working for ${hours} h`;
      return { what: "Rotated", detail: prefixes + overlap };
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
      return { what: event.action };
  }
}
