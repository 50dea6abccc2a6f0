import { graphql } from "./graphql.js";

/** What it takes to read a connection's next page: whether there is one, and where it starts. Unmasked. */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo @_unmask {
    hasNextPage
    endCursor
  }
`);
