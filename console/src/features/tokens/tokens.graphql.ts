import { AccessTokenFields, graphql, UserErrorFields } from "@keyholder/graphql";

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
