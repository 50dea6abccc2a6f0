import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** Where an access token stands. */
export const AccessTokenStatus = graphqlEnum("AccessTokenStatus", "Where an access token stands.", {
  ACTIVE: "It authenticates.",
  EXPIRED: "Past its expiry; it no longer authenticates.",
  REVOKED: "Revoked (by its owner, an ADMIN, or an offboarding); it no longer authenticates.",
});
export type AccessTokenStatus = EnumValue<typeof AccessTokenStatus>;
