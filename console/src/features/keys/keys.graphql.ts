import { graphql } from "@keyholder/graphql";

export const KeyRowFields = graphql(`
  fragment KeyRowFields on ApiKey {
    id
    name
    prefix
    environment
    status
    expiresAt
    lastUsedAt
    holder {
      id
      email
      name
      kind
      ... on User {
        status
      }
    }
    worksOn {
      id
      slug
    }
  }
`);

export const KeysQuery = graphql(
  `
  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter) {
    apiKeys(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...KeyRowFields
      }
    }
  }
`,
  [KeyRowFields],
);
