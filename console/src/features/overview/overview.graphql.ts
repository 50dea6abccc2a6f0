import { graphql } from "@keyholder/graphql";

export const RiskCategoryFields = graphql(`
  fragment RiskCategoryFields on RiskCategory {
    count
    items {
      subjectType
      subjectId
      title
      detail
      fix
      holderId
      holderEmail
    }
  }
`);

export const OverviewRisksQuery = graphql(
  `
  query OverviewRisks($first: Int!, $expiringWithinDays: Int!, $unusedForDays: Int!) {
    risks(first: $first, expiringWithinDays: $expiringWithinDays, unusedForDays: $unusedForDays) {
      productionKeysHeldByIndividuals {
        ...RiskCategoryFields
      }
      keysHeldByDepartedUsers {
        ...RiskCategoryFields
      }
      keysThatWorkNowhere {
        ...RiskCategoryFields
      }
      keysExpiringSoon {
        ...RiskCategoryFields
      }
      unusedKeys {
        ...RiskCategoryFields
      }
      groupEmailsWithFewMembers {
        ...RiskCategoryFields
      }
      servicesWithoutWorkingKey {
        ...RiskCategoryFields
      }
    }
  }
`,
  [RiskCategoryFields],
);
