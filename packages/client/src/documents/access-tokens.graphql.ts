import { graphql, UserErrorFields } from "../graphql.js";

/** Access tokens, newest first: your own, a user's (ADMIN), or everyone's (`all`, ADMIN). */
export const AccessTokensQuery = graphql(`
  query AccessTokens($userId: ID, $all: Boolean, $first: Int, $after: String) {
    accessTokens(userId: $userId, all: $all, first: $first, after: $after) {
      nodes {
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
      }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Revokes an access token: it stops authenticating at once. */
export const RevokeAccessTokenMutation = graphql(
  `
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(input: { id: $id }) {
      accessToken {
        id
        prefix
        status
        revokedAt
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
