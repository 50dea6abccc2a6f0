import { registerEnumType } from "type-graphql";

/** A key's state at a moment: revocation wins over expiry. */
export enum ApiKeyStatus {
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}

registerEnumType(ApiKeyStatus, {
  name: "ApiKeyStatus",
  description: "Where a key stands as of the request; a suspended key is ACTIVE with `suspendedAt` set.",
  valuesConfig: {
    ACTIVE: { description: "Neither revoked nor past its expiry." },
    EXPIRED: { description: "Past its expiry; updateApiKey can extend it." },
    REVOKED: { description: "Revoked for good." },
  },
});
