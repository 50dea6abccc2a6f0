import type { ApiKey } from "./api-key.entity.js";

/** What the audit trail keeps of a key: its public prefix, never the secret or its digest. */
export function apiKeySnapshot(key: ApiKey): Record<string, unknown> {
  return {
    name: key.name,
    environment: key.environment,
    holderId: key.holder.id,
    holder: key.holder.email ?? null,
    prefix: key.prefix,
    previousPrefix: key.previousPrefix,
    previousSecretExpiresAt: key.previousSecretExpiresAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    revokedReason: key.revokedReason,
  };
}
