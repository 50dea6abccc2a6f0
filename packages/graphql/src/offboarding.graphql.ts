import { graphql } from "./graphql.js";
import { PageInfoFields } from "./page-info.graphql.js";
import { KeyGainFields } from "./reassignment.graphql.js";
import { ServiceRefFields } from "./service.graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

/** One of the leaver's keys as the plan pages them, with the suggestion for its state. Unmasked. */
export const PlannedKeyFields = graphql(`
  fragment PlannedKeyFields on PlannedKey @_unmask {
    keyId
    name
    prefix
    environment
    active
    suggestedHolderId
    suggestedHolderEmail
    suggestion
  }
`);

/** A page of the plan's keys, newest first, with what it takes to read the next. Unmasked. */
export const PlannedKeyPageFields = graphql(
  `
  fragment PlannedKeyPageFields on PlannedKeyConnection @_unmask {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...PlannedKeyFields
    }
  }
`,
  [PlannedKeyFields, PageInfoFields],
);

/** A suggested successor for the leaver's active (or inactive) keys, with the reason. Unmasked. */
export const KeySuggestionFields = graphql(`
  fragment KeySuggestionFields on KeySuggestion @_unmask {
    suggestedHolderId
    suggestedHolderEmail
    suggestion
  }
`);

/**
 * What offboarding a user would touch, changing nothing, with every key and its suggested successor
 * in one answer (the scripts' form; for a leaver with thousands of keys, page them with
 * `OffboardingPlanKeysQuery`, as the console does with `OffboardingPlanSummaryQuery`).
 */
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
 * What offboarding a user would touch, changing nothing: the keys counted, the services their
 * active keys work on and the suggested successors once for all of them, and the first page of the
 * keys (`$first`, newest first); `OffboardingPlanKeysQuery` reads the next pages.
 */
export const OffboardingPlanSummaryQuery = graphql(
  `
  query OffboardingPlanSummary($userId: ID!, $first: Int!) {
    offboardingPlan(userId: $userId) {
      user {
        id
        email
        name
        status
        departedAt
      }
      keyCount
      activeKeyCount
      activeKeysWorkOn {
        ...ServiceRefFields
      }
      activeKeySuggestion {
        ...KeySuggestionFields
      }
      inactiveKeySuggestion {
        ...KeySuggestionFields
      }
      plannedKeys(first: $first) {
        ...PlannedKeyPageFields
      }
      collaborations {
        service {
          ...ServiceRefFields
        }
        role
        soleBilling
      }
      lastActiveMemberOf
      wouldBreakSummary
      finished
    }
  }
`,
  [ServiceRefFields, KeySuggestionFields, PlannedKeyPageFields],
);

/** A page of the leaver's keys, newest first, after `$after` (a previous page's `endCursor`; none for the first). */
export const OffboardingPlanKeysQuery = graphql(
  `
  query OffboardingPlanKeys($userId: ID!, $first: Int, $after: String) {
    offboardingPlan(userId: $userId) {
      plannedKeys(first: $first, after: $after) {
        ...PlannedKeyPageFields
      }
    }
  }
`,
  [PlannedKeyPageFields],
);

/**
 * What every offboarding answer carries besides its keys: who, whether it was a dry run or a
 * replay, the Billing roles added, the keys gaining access, the roles and memberships removed.
 * Unmasked; `OffboardingResultFields` and `OffboardingResultSummaryFields` add the keys.
 */
export const OffboardingOutcomeFields = graphql(
  `
  fragment OffboardingOutcomeFields on OffboardingResult @_unmask {
    userId
    email
    dryRun
    replayed
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

/**
 * What an offboarding did, or (with `dryRun`) would do: each key's action and services before
 * and after, the Billing roles added, the keys gaining access, the roles and memberships removed.
 * Unmasked, so the result reads as if written out.
 */
export const OffboardingResultFields = graphql(
  `
  fragment OffboardingResultFields on OffboardingResult @_unmask {
    ...OffboardingOutcomeFields
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
  }
`,
  [OffboardingOutcomeFields, ServiceRefFields],
);

/**
 * What an offboarding did, or would do, with the keys grouped by fate: each group's action,
 * holder afterwards, services before and after, count and first keys (a few entries however many
 * keys; `OffboardingResultFields` lists every key). Unmasked.
 */
export const OffboardingResultSummaryFields = graphql(
  `
  fragment OffboardingResultSummaryFields on OffboardingResult @_unmask {
    ...OffboardingOutcomeFields
    keyGroups {
      action
      toHolderId
      toHolderEmail
      keyCount
      firstKeys {
        keyId
        name
        prefix
      }
      servicesBefore {
        ...ServiceRefFields
      }
      servicesAfter {
        ...ServiceRefFields
      }
    }
  }
`,
  [OffboardingOutcomeFields, ServiceRefFields],
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

/**
 * `OffboardUserMutation` answering the keys grouped by fate (`OffboardingResultSummaryFields`), so
 * the answer for 10,000 keys stays small: the console's dry run and offboarding.
 */
export const OffboardUserSummaryMutation = graphql(
  `
  mutation OffboardUserSummary($input: OffboardUserInput!) {
    offboardUser(input: $input) {
      offboarding {
        ...OffboardingResultSummaryFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [OffboardingResultSummaryFields, UserErrorFields],
);
