import { graphql, HolderRefFields } from "@keyholder/graphql";

export const KeyRowFields = graphql(
  `
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
      ...HolderRefFields
    }
    worksOn {
      id
      slug
    }
  }
`,
  [HolderRefFields],
);

/** One page of key rows, as every keys table reads it: the rows, how many in all, where next. */
export const KeyRowPageFields = graphql(
  `
  fragment KeyRowPageFields on ApiKeyConnection @_unmask {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...KeyRowFields
    }
  }
`,
  [KeyRowFields],
);

export const KeysQuery = graphql(
  `
  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      ...KeyRowPageFields
    }
  }
`,
  [KeyRowPageFields],
);
