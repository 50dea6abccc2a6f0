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

/** What archiving or restoring changes on a service; both answers carry it, so the page updates. */
const ArchivedStateFields = graphql(`
  fragment ArchivedStateFields on Service {
    id
    slug
    archivedAt
    version
  }
`);

export const ArchiveServiceMutation = graphql(
  `
  mutation ArchiveService($input: ArchiveServiceInput!) {
    archiveService(input: $input) {
      service {
        ...ArchivedStateFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [ArchivedStateFields, UserErrorFields],
);

export const RestoreServiceMutation = graphql(
  `
  mutation RestoreService($input: RestoreServiceInput!) {
    restoreService(input: $input) {
      service {
        ...ArchivedStateFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [ArchivedStateFields, UserErrorFields],
);
