import { graphql } from "./graphql.js";

/**
 * A holder as lists and pickers name one: a user (with their status) or a group email. Unmasked,
 * like `ServiceRefFields`: spread it as `holder { ...HolderRefFields }`.
 */
export const HolderRefFields = graphql(`
  fragment HolderRefFields on Holder @_unmask {
    id
    email
    name
    kind
    ... on User {
      status
    }
  }
`);
