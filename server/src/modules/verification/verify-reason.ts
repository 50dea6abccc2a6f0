import { registerEnumType } from "type-graphql";

/** Why a secret does or does not work on a service. */
export enum VerifyReason {
  VALID = "VALID",
  /** Not a Keyholder key at all: wrong shape or checksum. Answered without the database. */
  MALFORMED = "MALFORMED",
  NOT_FOUND = "NOT_FOUND",
  REVOKED = "REVOKED",
  /** The key is suspended: refused until an operator resumes it. */
  SUSPENDED = "SUSPENDED",
  /** Past the key's expiry, or an old secret past its rotation overlap. */
  EXPIRED = "EXPIRED",
  /** A staging key presented to production, or the other way round. */
  WRONG_ENVIRONMENT = "WRONG_ENVIRONMENT",
  /** The key is fine, but no service has that slug. */
  SERVICE_NOT_FOUND = "SERVICE_NOT_FOUND",
  /** The key is fine, but the service is archived and accepts no key. */
  SERVICE_ARCHIVED = "SERVICE_ARCHIVED",
  /** The key is fine and the service live, but the key's holder is not a Billing collaborator there. */
  HOLDER_NOT_BILLING_COLLABORATOR = "HOLDER_NOT_BILLING_COLLABORATOR",
}

registerEnumType(VerifyReason, {
  name: "VerifyReason",
  description: "Why a secret does or does not work on a service; only VALID means it works.",
  valuesConfig: {
    VALID: {
      description: "The key is active and its holder is a Billing collaborator on the live service: accept the call.",
    },
    MALFORMED: { description: "Not a Keyholder key at all: wrong shape or checksum. Answered without the database." },
    NOT_FOUND: { description: "Shaped like a Keyholder key, but no key has this secret." },
    REVOKED: { description: "The key was revoked for good." },
    SUSPENDED: { description: "The key is suspended: refused until an operator resumes it." },
    EXPIRED: { description: "Past the key's expiry, or an old secret past its rotation overlap." },
    WRONG_ENVIRONMENT: { description: "A staging key presented to production, or the other way round." },
    SERVICE_NOT_FOUND: { description: "The key is fine, but no service has that slug." },
    SERVICE_ARCHIVED: { description: "The key is fine, but the service is archived and accepts no key." },
    HOLDER_NOT_BILLING_COLLABORATOR: {
      description: "The key is fine and the service live, but the key's holder is not a Billing collaborator there.",
    },
  },
});
