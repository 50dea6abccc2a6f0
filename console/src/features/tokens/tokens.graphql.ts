import { graphql } from "../../graphql.js";

export const AccessTokenFields = graphql(`
  fragment AccessTokenFields on AccessToken {
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

export const AccessTokensQuery = graphql(
  `
  query AccessTokens($all: Boolean) {
    accessTokens(all: $all) {
      ...AccessTokenFields
    }
  }
`,
  [AccessTokenFields],
);

export const CreateAccessTokenMutation = graphql(
  `
  mutation CreateAccessToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) {
      accessToken {
        ...AccessTokenFields
      }
      secret
      errors {
        field
        code
        message
      }
    }
  }
`,
  [AccessTokenFields],
);

export const RevokeAccessTokenMutation = graphql(
  `
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(id: $id) {
      accessToken {
        ...AccessTokenFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`,
  [AccessTokenFields],
);
