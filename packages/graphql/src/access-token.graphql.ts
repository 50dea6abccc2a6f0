import { graphql } from "./graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

/** A personal access token as lists and answers show it: never its secret. Unmasked. */
export const AccessTokenFields = graphql(`
  fragment AccessTokenFields on AccessToken @_unmask {
    id
    name
    prefix
    role
    status
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
    owner {
      id
      email
      name
    }
  }
`);

/** Revokes an access token: it stops authenticating at once. */
export const RevokeAccessTokenMutation = graphql(
  `
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(input: { id: $id }) {
      accessToken {
        ...AccessTokenFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [AccessTokenFields, UserErrorFields],
);
