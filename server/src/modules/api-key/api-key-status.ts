import { registerEnumType } from "type-graphql";

/** A key's state at a moment: revocation wins over expiry. */
export enum ApiKeyStatus {
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}

registerEnumType(ApiKeyStatus, { name: "ApiKeyStatus" });
