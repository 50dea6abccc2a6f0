import { graphql } from "./graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

/** A group email after a member was added or removed: how many active members it has now. Unmasked. */
export const GroupMembershipFields = graphql(`
  fragment GroupMembershipFields on GroupEmail @_unmask {
    id
    email
    activeMemberCount
    healthy
  }
`);

/** Adds a user to a group email's members. */
export const AddGroupMemberMutation = graphql(
  `
  mutation AddGroupMember($input: AddGroupMemberInput!) {
    addGroupMember(input: $input) {
      groupEmail {
        ...GroupMembershipFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [GroupMembershipFields, UserErrorFields],
);

/** Removes a user from a group email's members. */
export const RemoveGroupMemberMutation = graphql(
  `
  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {
    removeGroupMember(input: $input) {
      groupEmail {
        ...GroupMembershipFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [GroupMembershipFields, UserErrorFields],
);
