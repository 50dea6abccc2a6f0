import { KeyRefFields } from "./api-key.graphql.js";
import { graphql } from "./graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

// Who belongs where: a group email's members, and the holders with a role on a service.

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

// Each answer names the collaborator's service, so a cache that refetches by typename refreshes
// every view of that service.

/** A holder's role on a service, as a collaborator change answers it. Unmasked. */
export const CollaboratorFields = graphql(`
  fragment CollaboratorFields on Collaborator @_unmask {
    id
    role
    createdAt
    holder {
      id
      email
      kind
    }
    service {
      id
      slug
    }
  }
`);

/** Gives a holder a role on a service. */
export const AddCollaboratorMutation = graphql(
  `
  mutation AddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) {
      collaborator {
        ...CollaboratorFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [CollaboratorFields, UserErrorFields],
);

/** Takes a role away. */
export const RemoveCollaboratorMutation = graphql(
  `
  mutation RemoveCollaborator($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) {
      collaborator {
        ...CollaboratorFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [CollaboratorFields, UserErrorFields],
);

/** Changes a collaborator's role; the keys that would start or stop working are listed. */
export const ChangeCollaboratorRoleMutation = graphql(
  `
  mutation ChangeCollaboratorRole($input: ChangeCollaboratorRoleInput!) {
    changeCollaboratorRole(input: $input) {
      collaborator {
        ...CollaboratorFields
      }
      keysThatGain {
        ...KeyRefFields
      }
      keysThatStop {
        ...KeyRefFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [CollaboratorFields, KeyRefFields, UserErrorFields],
);
