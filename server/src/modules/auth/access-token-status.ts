import { registerEnumType } from "type-graphql";

/** Where an access token stands. */
export enum AccessTokenStatus {
  ACTIVE = "ACTIVE",
  EXPIRED = "EXPIRED",
  REVOKED = "REVOKED",
}

registerEnumType(AccessTokenStatus, {
  name: "AccessTokenStatus",
  description: "Where an access token stands.",
  valuesConfig: {
    ACTIVE: { description: "It authenticates." },
    EXPIRED: { description: "Past its expiry; it no longer authenticates." },
    REVOKED: { description: "Revoked (by its owner, an ADMIN, or an offboarding); it no longer authenticates." },
  },
});
