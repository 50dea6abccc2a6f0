import type { User } from "./user.entity.js";

/** What the audit trail keeps of a user: no password hash, nothing secret. */
export function userSnapshot(user: User): Record<string, unknown> {
  return {
    email: user.email,
    name: user.name,
    status: user.status,
    departedAt: user.departedAt?.toISOString() ?? null,
    consoleRole: user.consoleRole,
  };
}
