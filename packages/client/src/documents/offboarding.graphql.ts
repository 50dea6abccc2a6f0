import { graphql, ServiceRefFields, UserErrorFields } from "../graphql.js";

/** What offboarding a user would touch, changing nothing. */
export const OffboardingPlanQuery = graphql(
  `
  query OffboardingPlan($userId: ID!) {
    offboardingPlan(userId: $userId) {
      user {
        id
        email
        name
        status
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

/** Offboards a leaver in one transaction (or, with `dryRun`, reports what that would do). */
export const OffboardUserMutation = graphql(
  `
  mutation OffboardUser($input: OffboardUserInput!) {
    offboardUser(input: $input) {
      offboarding {
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
          keyId
          name
          prefix
          holderEmail
          gained {
            ...ServiceRefFields
          }
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
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields, ServiceRefFields],
);
