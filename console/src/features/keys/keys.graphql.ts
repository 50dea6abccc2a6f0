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

/** A holder's keys, a page at a time. */
export const HolderKeysQuery = graphql(
  `
  query HolderKeys($id: ID!, $first: Int!, $after: String) {
    holder(id: $id) {
      id
      keys(first: $first, after: $after) {
        ...KeyRowPageFields
      }
    }
  }
`,
  [KeyRowPageFields],
);

/** The keys that work on a service now, a page at a time. */
export const ServiceWorkingKeysQuery = graphql(
  `
  query ServiceWorkingKeys($id: ID!, $first: Int!, $after: String) {
    service(id: $id) {
      id
      workingKeys(first: $first, after: $after) {
        ...KeyRowPageFields
      }
    }
  }
`,
  [KeyRowPageFields],
);
