import { graphql, PageInfoFields } from "../graphql.js";
import { KeyListFields } from "./keys.graphql.js";

/** A key as the keys list shows it: {@link KeyListFields} and its holder. Unmasked. */
export const ApiKeyListFields = graphql(
  `
  fragment ApiKeyListFields on ApiKey @_unmask {
    ...KeyListFields
    holder {
      id
      email
      kind
    }
  }
`,
  [KeyListFields],
);

/**
 * One page of the keys list, filtered and sorted, with each key's holder and where it works; no
 * `totalCount`, which would count the whole filtered list again for every page.
 */
export const ApiKeysQuery = graphql(
  `
  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter, $orderBy: ApiKeyOrder) {
    apiKeys(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      pageInfo {
        ...PageInfoFields
      }
      nodes {
        ...ApiKeyListFields
      }
    }
  }
`,
  [ApiKeyListFields, PageInfoFields],
);
