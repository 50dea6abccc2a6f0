import { type EnumValue, graphqlEnum } from "./graphql-enum.js";

/** Console roles, each including the one before: VIEWER < OPERATOR < ADMIN. */
export const Role = graphqlEnum(
  "Role",
  "VIEWER reads everything; OPERATOR also changes holders, services, keys and offboards; ADMIN also manages accounts and others' tokens.",
  {
    VIEWER: "Reads everything; changes nothing but their own password and tokens.",
    OPERATOR: "Also changes holders, services and keys, and offboards leavers.",
    ADMIN: "Also grants console access, resets passwords, manages others' tokens, SCIM and webhooks.",
  },
);
export type Role = EnumValue<typeof Role>;

const RANK: Record<Role, number> = { [Role.VIEWER]: 1, [Role.OPERATOR]: 2, [Role.ADMIN]: 3 };

/** True when `role` grants at least `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** The lesser of two roles (a token never grants more than its owner has). */
export function lowerRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
