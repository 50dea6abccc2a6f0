import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** A key's state at a moment: revocation wins over expiry. */
export const ApiKeyStatus = graphqlEnum(
  "ApiKeyStatus",
  "Where a key stands as of the request; a suspended key is ACTIVE with `suspendedAt` set.",
  {
    ACTIVE: "Neither revoked nor past its expiry.",
    EXPIRED: "Past its expiry; updateApiKey can extend it.",
    REVOKED: "Revoked for good.",
  },
);
export type ApiKeyStatus = EnumValue<typeof ApiKeyStatus>;
