import { graphql, UserErrorFields } from "@keyholder/graphql";

export const OffboardingPlanQuery = graphql(`
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

export const OffboardingResultFields = graphql(`
  fragment OffboardingResultFields on OffboardingResult {
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
`);

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
