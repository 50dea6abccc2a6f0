import { graphql } from "@keyholder/graphql";

/** The open leaver cases, oldest first, with what each user's offboarding would break. */
export const LeaverCasesQuery = graphql(`
  query LeaverCases($first: Int!) {
    leaverCases(open: true, first: $first) {
      id
      openedAt
      openedBy
      user {
        id
        email
        name
      }
      plan {
        wouldBreakSummary
        keyCount
        activeKeyCount
        activeKeySuggestion {
          suggestedHolderId
        }
        inactiveKeySuggestion {
          suggestedHolderId
        }
      }
    }
  }
`);

export const OpenLeaverCaseCountQuery = graphql(`
  query OpenLeaverCaseCount {
    openLeaverCaseCount
  }
`);
