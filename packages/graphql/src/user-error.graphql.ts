import { graphql } from "./graphql.js";

/**
 * A mutation's payload errors as every caller reads them: the field (when one input is at
 * fault), the stable code and a message. Spread it as `errors { ...UserErrorFields }`; it is
 * unmasked, so the fields appear in the result as if written out.
 */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError @_unmask {
    field
    code
    message
  }
`);
