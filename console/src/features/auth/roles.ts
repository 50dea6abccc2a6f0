import type { Role } from "@keyholder/graphql";

/** A console role as the screen names it. */
export const ROLE_NAME: Record<Role, string> = { VIEWER: "Viewer", OPERATOR: "Operator", ADMIN: "Admin" };

const RANK: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };

/** The console mirrors the API's one rule (a role includes the ones below it) to hide what would be refused. */
export function roleAllows(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}
