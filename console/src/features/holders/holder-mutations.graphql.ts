import { graphql } from "../../graphql.js";

// Each payload returns the holder's typename, so urql refetches every view of it.

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        email
        name
        version
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const UpdateGroupEmailMutation = graphql(`
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
        field
        code
        message
      }
    }
  }
`);

export const AddGroupMemberMutation = graphql(`
  mutation AddGroupMember($input: GroupMembershipInput!) {
    addGroupMember(input: $input) {
      groupEmail {
        id
        activeMemberCount
        healthy
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RemoveGroupMemberMutation = graphql(`
  mutation RemoveGroupMember($input: GroupMembershipInput!) {
    removeGroupMember(input: $input) {
      groupEmail {
        id
        activeMemberCount
        healthy
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const SetConsoleAccessMutation = graphql(`
  mutation SetConsoleAccess($input: SetConsoleAccessInput!) {
    setConsoleAccess(input: $input) {
      user {
        id
        consoleRole
        version
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ResetConsolePasswordMutation = graphql(`
  mutation ResetConsolePassword($userId: ID!) {
    resetConsolePassword(userId: $userId) {
      password
      user {
        id
        email
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ConsoleLockQuery = graphql(`
  query ConsoleLock($id: ID!) {
    user(id: $id) {
      id
      lockedUntil
    }
  }
`);
