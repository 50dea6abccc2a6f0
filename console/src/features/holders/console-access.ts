import type { Role } from "@keyholder/graphql";
import { ROLE_NAME } from "../auth/roles.js";

export const ROLE_OPTIONS = [
  { value: "NONE", label: "No access" },
  { value: "VIEWER", label: "Viewer: reads everything" },
  { value: "OPERATOR", label: "Operator: also changes holders, services, keys" },
  { value: "ADMIN", label: "Admin: also accounts and others' tokens" },
] as const;

export type RoleChoice = (typeof ROLE_OPTIONS)[number]["value"];

const RANK: Record<RoleChoice, number> = { NONE: 0, VIEWER: 1, OPERATOR: 2, ADMIN: 3 };

/** Whether the change takes access away (which ends sessions and revokes tokens). */
export function accessLowered(from: Role | null, to: RoleChoice): boolean {
  return from !== null && RANK[to] < RANK[from];
}

/** What changing a console role will do, in the words the confirmation shows. */
export function describeAccessChange(email: string, from: Role | null, to: RoleChoice, self: boolean): string[] {
  const lines: string[] = [];
  const lowered = accessLowered(from, to);
  if (to === "NONE") {
    lines.push(`${email} will no longer be able to sign in to Keyholder. Their console password is cleared.`);
  } else if (from === null) {
    lines.push(
      `${email} may sign in as ${ROLE_NAME[to]}. They have no password yet: reset it afterwards and hand it over.`,
    );
  } else {
    lines.push(`${email} will sign in as ${ROLE_NAME[to]} instead of ${ROLE_NAME[from]}.`);
  }
  if (lowered) lines.push("Their console sessions end and their access tokens are revoked now.");
  if (lowered && self) lines.push("This is your own account: you will be signed out.");
  return lines;
}
