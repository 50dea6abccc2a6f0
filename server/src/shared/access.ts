import { DomainError, ErrorCode } from "./errors.js";
import type { Principal } from "./principal.js";
import { Role, roleAtLeast } from "./role.js";

/**
 * The access rule behind every `@Authorized(role)`: a caller needs to be signed in, and to hold
 * at least the required role. Pure, so it is tested on its own.
 */
export function requireRole(principal: Principal | null, required: Role = Role.VIEWER): Principal {
  if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Sign in, or send an access token.");
  if (!roleAtLeast(principal.role, required)) {
    throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${required} role; you have ${principal.role}.`);
  }
  return principal;
}

/** May this principal act on another account's tokens and sessions? Only for itself, or as ADMIN. */
export function canManageAccountOf(principal: Principal, userId: string): boolean {
  return principal.userId === userId || principal.role === Role.ADMIN;
}

/** A token may carry at most its creator's role. */
export function canGrantRole(principal: Principal, role: Role): boolean {
  return roleAtLeast(principal.role, role);
}

/**
 * May this principal create access tokens? Only a person signed in to the console (ADR 0007):
 * not an access token, whatever its role or remaining life.
 */
export function mayMintTokens(principal: Principal): boolean {
  return principal.credentialKind === "SESSION";
}
