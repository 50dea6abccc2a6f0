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
    createdAt
    suspendedAt
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
  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
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
