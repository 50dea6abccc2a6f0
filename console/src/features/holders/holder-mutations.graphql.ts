import { graphql, UserErrorFields } from "@keyholder/graphql";

// Each payload returns the holder's typename, so urql refetches every view of it.

export const UpdateUserMutation = graphql(
  `
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        email
        name
        version
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const UpdateGroupEmailMutation = graphql(
  `
  mutation UpdateGroupEmail($input: UpdateGroupEmailInput!) {
    updateGroupEmail(input: $input) {
      groupEmail {
        id
        email
        name
        description
        version
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const SetConsoleAccessMutation = graphql(
  `
  mutation SetConsoleAccess($input: SetConsoleAccessInput!) {
    setConsoleAccess(input: $input) {
      user {
        id
        consoleRole
        version
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const ResetConsolePasswordMutation = graphql(
  `
  mutation ResetConsolePassword($userId: ID!) {
    resetConsolePassword(input: { userId: $userId }) {
      password
      user {
        id
        email
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const ConsoleLockQuery = graphql(`
  query ConsoleLock($id: ID!) {
    user(id: $id) {
      id
      lockedUntil
    }
  }
`);
