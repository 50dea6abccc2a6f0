import { graphql, UserErrorFields } from "../graphql.js";

/** What offboarding a user would touch, changing nothing. */
export const OffboardingPlanQuery = graphql(`
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
          id
          slug
          name
        }
        suggestedHolderId
        suggestedHolderEmail
        suggestion
      }
      collaborations {
        service {
          id
          slug
          name
        }
        role
        soleBilling
      }
      lastActiveMemberOf
      wouldBreak
      finished
    }
  }
`);

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
            id
            slug
            name
          }
          servicesAfter {
            id
            slug
            name
          }
        }
        billingAdded {
          holderEmail
          services {
            id
            slug
            name
          }
        }
        otherKeysGaining {
          keyId
          name
          prefix
          holderEmail
          gained {
            id
            slug
            name
          }
        }
        collaborationsRemoved {
          service {
            id
            slug
            name
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
  [UserErrorFields],
);
