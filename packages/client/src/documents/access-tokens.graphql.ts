import { AccessTokenFields, graphql, PageInfoFields } from "../graphql.js";

/** Access tokens, newest first: your own, a user's (ADMIN), or everyone's (`all`, ADMIN). */
export const AccessTokensQuery = graphql(
  `
  query AccessTokens($userId: ID, $all: Boolean, $first: Int, $after: String) {
    accessTokens(userId: $userId, all: $all, first: $first, after: $after) {
      nodes {
        ...AccessTokenFields
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
`,
  [AccessTokenFields, PageInfoFields],
);
