import { graphql, ReassignmentFields, ServiceRefFields, UserErrorFields } from "@keyholder/graphql";

const KeyControlFields = graphql(`
  fragment KeyControlFields on ApiKey {
    id
    version
    status
    suspendedAt
    suspendedReason
    previousPrefix
    previousSecretExpiresAt
  }
`);

export const SuspendKeyMutation = graphql(
  `
  mutation SuspendKey($input: SuspendApiKeyInput!) {
    suspendApiKey(input: $input) {
      apiKey {
        ...KeyControlFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [KeyControlFields, UserErrorFields],
);

export const ResumeKeyMutation = graphql(
  `
  mutation ResumeKey($input: ResumeApiKeyInput!) {
    resumeApiKey(input: $input) {
      apiKey {
        ...KeyControlFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [KeyControlFields, UserErrorFields],
);

export const EndOverlapMutation = graphql(
  `
  mutation EndOverlap($input: EndApiKeyOverlapInput!) {
    endApiKeyOverlap(input: $input) {
      apiKey {
        ...KeyControlFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [KeyControlFields, UserErrorFields],
);

export const RevokeKeysMutation = graphql(
  `
  mutation RevokeKeys($input: RevokeApiKeysInput!) {
    revokeApiKeys(input: $input) {
      revocation {
        revokedIds
        alreadyRevokedIds
        replayed
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const BulkReassignmentPreviewQuery = graphql(
  `
  query BulkReassignmentPreview($ids: [ID!]!, $toHolderId: ID!, $keepAccess: Boolean!) {
    reassignmentPreview(ids: $ids, toHolderId: $toHolderId, keepAccess: $keepAccess) {
      ...ReassignmentFields
    }
  }
`,
  [ReassignmentFields],
);

export const ReassignKeysMutation = graphql(
  `
  mutation ReassignKeys($input: ReassignApiKeysInput!) {
    reassignApiKeys(input: $input) {
      reassignment {
        toHolderEmail
        billingAdded {
          ...ServiceRefFields
        }
        keys {
          keyId
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [ServiceRefFields, UserErrorFields],
);
