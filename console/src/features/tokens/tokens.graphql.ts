import { graphql, UserErrorFields } from "@keyholder/graphql";

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
  query AccessTokens($all: Boolean, $first: Int!, $after: String) {
    accessTokens(all: $all, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AccessTokenFields
      }
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
        ...UserErrorFields
      }
    }
  }
`,
  [AccessTokenFields, UserErrorFields],
);

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
