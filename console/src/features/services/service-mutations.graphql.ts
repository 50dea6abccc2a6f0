import { graphql, UserErrorFields } from "@keyholder/graphql";

// Each mutation returns the service, so urql refetches every query that shows a service: the
// page, its collaborators and its working keys. The collaborator mutations, shared with the
// client, return the collaborator's service for the same reason.

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
