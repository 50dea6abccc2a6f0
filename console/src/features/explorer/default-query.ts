/**
 * What the explorer opens with the first time: one holder's keys and where each works. No
 * comments in it: the editor's dark theme draws comments below readable contrast.
 */
export const DEFAULT_QUERY = `query HolderKeys($email: String!) {
  holderByEmail(email: $email) {
    email
    kind
    keys(first: 20) {
      totalCount
      nodes {
        name
        prefix
        environment
        status
        expiresAt
        lastUsedAt
        worksOn {
          slug
        }
      }
    }
  }
}
`;

export function defaultVariables(email: string): string {
  return JSON.stringify({ email }, null, 2);
}
