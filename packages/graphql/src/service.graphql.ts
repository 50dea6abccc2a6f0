import { graphql } from "./graphql.js";

/**
 * A service as results that name services show it (where a key works before and after a move,
 * what it gains or loses, where a holder becomes Billing): its id, slug and name. Unmasked, like
 * `UserErrorFields`: spread it as `gained { ...ServiceRefFields }`.
 */
export const ServiceRefFields = graphql(`
  fragment ServiceRefFields on Service @_unmask {
    id
    slug
    name
  }
`);
