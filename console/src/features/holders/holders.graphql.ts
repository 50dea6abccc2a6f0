import { graphql, UserErrorFields } from "@keyholder/graphql";

export const HolderRowFields = graphql(`
  fragment HolderRowFields on Holder {
    id
    email
    name
    kind
    keys(first: 0) {
      totalCount
    }
    ... on User {
      status
      departedAt
      consoleRole
    }
    ... on GroupEmail {
      activeMemberCount
      healthy
    }
  }
`);

export const HoldersQuery = graphql(
  `
  query Holders($first: Int!, $after: String, $filter: HolderFilter) {
    holders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...HolderRowFields
      }
    }
  }
`,
  [HolderRowFields],
);

export const CreateUserMutation = graphql(
  `
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        id
        email
        name
        kind
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const CreateGroupEmailMutation = graphql(
  `
  mutation CreateGroupEmail($input: CreateGroupEmailInput!) {
    createGroupEmail(input: $input) {
      groupEmail {
        id
        email
        name
        kind
        activeMemberCount
        healthy
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
