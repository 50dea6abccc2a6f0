import { graphql } from "./graphql.js";

/** A key as results that list keys by name show it (the keys a role change starts or stops). Unmasked. */
export const KeyRefFields = graphql(`
  fragment KeyRefFields on ApiKey @_unmask {
    id
    name
    prefix
    environment
  }
`);
