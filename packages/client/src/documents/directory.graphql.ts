import { graphql, UserErrorFields } from "../graphql.js";

/** One page of users (staff), by email; `memberOfGroupId` lists a group email's members. */
export const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        email
        name
        status
        departedAt
        consoleRole
        version
      }
    }
  }
`);

/** One page of group emails, by email. */
export const GroupEmailsQuery = graphql(`
  query GroupEmails($first: Int, $after: String, $filter: GroupEmailFilter) {
    groupEmails(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        email
        name
        description
        activeMemberCount
        healthy
        version
      }
    }
  }
`);

/** Adds a user to a group email's members. */
export const AddGroupMemberMutation = graphql(
  `
  mutation AddGroupMember($input: AddGroupMemberInput!) {
    addGroupMember(input: $input) {
      groupEmail {
        id
        email
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

/** Removes a user from a group email's members. */
export const RemoveGroupMemberMutation = graphql(
  `
  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {
    removeGroupMember(input: $input) {
      groupEmail {
        id
        email
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

/** One page of services, by slug (live ones unless the filter asks for archived ones). */
export const ServicesQuery = graphql(`
  query Services($first: Int, $after: String, $filter: ServiceFilter) {
    services(first: $first, after: $after, filter: $filter) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        slug
        name
        description
        archivedAt
        version
      }
    }
  }
`);

/** A service by slug, without its collaborators. */
export const ServiceQuery = graphql(`
  query Service($slug: String!) {
    serviceBySlug(slug: $slug) {
      id
      slug
      name
      description
      archivedAt
      version
    }
  }
`);

/** A service's collaborators: who has which role there. */
export const ServiceCollaboratorsQuery = graphql(`
  query ServiceCollaborators($slug: String!, $first: Int, $after: String) {
    serviceBySlug(slug: $slug) {
      id
      collaborators(first: $first, after: $after) {
        nodes {
        id
        role
        createdAt
        holder {
          id
          email
          kind
        }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

/** Gives a holder a role on a service. */
export const AddCollaboratorMutation = graphql(
  `
  mutation AddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) {
      collaborator {
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
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

/** Takes a role away. */
export const RemoveCollaboratorMutation = graphql(
  `
  mutation RemoveCollaborator($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) {
      collaborator {
        id
        role
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

/** Changes a collaborator's role; the keys that would start or stop working are listed. */
export const ChangeCollaboratorRoleMutation = graphql(
  `
  mutation ChangeCollaboratorRole($input: ChangeCollaboratorRoleInput!) {
    changeCollaboratorRole(input: $input) {
      collaborator {
        id
        role
      }
      keysThatGain {
        id
        name
        prefix
      }
      keysThatStop {
        id
        name
        prefix
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
