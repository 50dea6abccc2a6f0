import { graphql, ServiceRefFields } from "@keyholder/graphql";

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
        field
        code
        message
      }
    }
  }
`,
  [KeyControlFields],
);

export const ResumeKeyMutation = graphql(
  `
  mutation ResumeKey($input: ResumeApiKeyInput!) {
    resumeApiKey(input: $input) {
      apiKey {
        ...KeyControlFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`,
  [KeyControlFields],
);

export const EndOverlapMutation = graphql(
  `
  mutation EndOverlap($input: EndApiKeyOverlapInput!) {
    endApiKeyOverlap(input: $input) {
      apiKey {
        ...KeyControlFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`,
  [KeyControlFields],
);

export const RevokeKeysMutation = graphql(`
  mutation RevokeKeys($input: RevokeApiKeysInput!) {
    revokeApiKeys(input: $input) {
      revocation {
        revokedIds
        alreadyRevokedIds
        replayed
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const BulkReassignmentPreviewQuery = graphql(
  `
  query BulkReassignmentPreview($ids: [ID!]!, $toHolderId: ID!, $keepAccess: Boolean!) {
    reassignmentPreview(ids: $ids, toHolderId: $toHolderId, keepAccess: $keepAccess) {
      toHolderEmail
      billingAdded {
        ...ServiceRefFields
      }
      widens
      keys {
        keyId
        name
        prefix
        fromHolderEmail
        servicesBefore {
          ...ServiceRefFields
        }
        servicesAfter {
          ...ServiceRefFields
        }
        gained {
          ...ServiceRefFields
        }
        lost {
          ...ServiceRefFields
        }
      }
      otherKeysGaining {
        keyId
        name
        prefix
        gained {
          ...ServiceRefFields
        }
      }
    }
  }
`,
  [ServiceRefFields],
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
        field
        code
        message
      }
    }
  }
`,
  [ServiceRefFields],
);
