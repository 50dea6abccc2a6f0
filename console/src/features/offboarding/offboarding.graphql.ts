import { graphql, ServiceRefFields, UserErrorFields } from "@keyholder/graphql";

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

export const OffboardingResultFields = graphql(
  `
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
`,
  [ServiceRefFields],
);

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
