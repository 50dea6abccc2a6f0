import { graphql } from "../graphql.js";

/**
 * One page of the keys list, filtered and sorted, with each key's holder and where it works; no
 * `totalCount`, which would count the whole filtered list again for every page.
 */
export const ApiKeysQuery = graphql(`
  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        prefix
        environment
        status
        version
        createdAt
        expiresAt
        lastUsedAt
        holder {
          id
          email
          kind
        }
        worksOn {
          slug
        }
      }
    }
  }
`);
