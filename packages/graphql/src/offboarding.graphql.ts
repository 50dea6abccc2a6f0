import { graphql } from "./graphql.js";
import { KeyGainFields } from "./reassignment.graphql.js";
import { ServiceRefFields } from "./service.graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

/** What offboarding a user would touch, changing nothing, with a suggested successor per key. */
export const OffboardingPlanQuery = graphql(
  `
  query OffboardingPlan($userId: ID!) {
    offboardingPlan(userId: $userId) {
      user {
        id
        email
        name
        status
        departedAt
      }
      keys {
        keyId
        name
        prefix
        environment
        active
        worksOn {
          ...ServiceRefFields
        }
        suggestedHolderId
        suggestedHolderEmail
        suggestion
      }
      collaborations {
        service {
          ...ServiceRefFields
        }
        role
        soleBilling
      }
      lastActiveMemberOf
      wouldBreak
      finished
    }
  }
`,
  [ServiceRefFields],
);

/**
 * What an offboarding did, or (with `dryRun`) would do: each key's action and services before
 * and after, the Billing roles added, the keys gaining access, the roles and memberships removed.
 * Unmasked, so the result reads as if written out.
 */
export const OffboardingResultFields = graphql(
  `
  fragment OffboardingResultFields on OffboardingResult @_unmask {
    userId
    email
    dryRun
    replayed
    keys {
      keyId
      name
      prefix
      action
      toHolderEmail
      servicesBefore {
        ...ServiceRefFields
      }
      servicesAfter {
        ...ServiceRefFields
      }
    }
    billingAdded {
      holderEmail
      services {
        ...ServiceRefFields
      }
    }
    otherKeysGaining {
      ...KeyGainFields
    }
    collaborationsRemoved {
      service {
        ...ServiceRefFields
      }
      role
    }
    groupsLeft
    sessionsEnded
    tokensRevoked
  }
`,
  [ServiceRefFields, KeyGainFields],
);

/** Offboards a leaver in one transaction (or, with `dryRun`, reports what that would do). */
export const OffboardUserMutation = graphql(
  `
  mutation OffboardUser($input: OffboardUserInput!) {
    offboardUser(input: $input) {
      offboarding {
        ...OffboardingResultFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [OffboardingResultFields, UserErrorFields],
);
