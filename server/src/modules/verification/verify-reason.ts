import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** Why a secret does or does not work on a service. */
export const VerifyReason = graphqlEnum(
  "VerifyReason",
  "Why a secret does or does not work on a service; only VALID means it works.",
  {
    VALID: "The key is active and its holder is a Billing collaborator on the live service: accept the call.",
    MALFORMED: "Not a Keyholder key at all: wrong shape or checksum. Answered without the database.",
    NOT_FOUND: "Shaped like a Keyholder key, but no key has this secret.",
    REVOKED: "The key was revoked for good.",
    SUSPENDED: "The key is suspended: refused until an operator resumes it.",
    EXPIRED: "Past the key's expiry, or an old secret past its rotation overlap.",
    WRONG_ENVIRONMENT: "A staging key presented to production, or the other way round.",
    SERVICE_NOT_FOUND: "The key is fine, but no service has that slug.",
    SERVICE_ARCHIVED: "The key is fine, but the service is archived and accepts no key.",
    HOLDER_NOT_BILLING_COLLABORATOR:
      "The key is fine and the service live, but the key's holder is not a Billing collaborator there.",
  },
);
export type VerifyReason = EnumValue<typeof VerifyReason>;
