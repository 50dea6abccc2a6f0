import { graphql, UserErrorFields } from "@keyholder/graphql";

// Each mutation returns the service (or the collaborator's service), so urql refetches every
// query that shows a service: the page, its collaborators and its working keys.

export const UpdateServiceMutation = graphql(
  `
  mutation UpdateService($input: UpdateServiceInput!) {
    updateService(input: $input) {
      service {
        id
        slug
        name
        description
        version
        updatedAt
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const ArchiveServiceMutation = graphql(
  `
  mutation ArchiveService($input: ArchiveServiceInput!) {
    archiveService(input: $input) {
      service {
        id
        slug
        archivedAt
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

export const RestoreServiceMutation = graphql(
  `
  mutation RestoreService($input: RestoreServiceInput!) {
    restoreService(input: $input) {
      service {
        id
        slug
        archivedAt
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

export const AddCollaboratorMutation = graphql(
  `
  mutation AddCollaborator($input: AddCollaboratorInput!) {
    addCollaborator(input: $input) {
      collaborator {
        id
        role
        holder {
          id
          email
        }
        service {
          id
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

export const RemoveCollaboratorMutation = graphql(
  `
  mutation RemoveCollaborator($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) {
      collaborator {
        id
        role
        holder {
          id
          email
        }
        service {
          id
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

export const ChangeCollaboratorRoleMutation = graphql(
  `
  mutation ChangeCollaboratorRole($input: ChangeCollaboratorRoleInput!) {
    changeCollaboratorRole(input: $input) {
      collaborator {
        id
        role
        holder {
          id
          email
        }
        service {
          id
        }
      }
      keysThatStop {
        id
        name
        prefix
        environment
      }
      keysThatGain {
        id
        name
        prefix
        environment
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
