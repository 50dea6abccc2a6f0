import {
  graphql,
  HolderRefFields,
  ReassignmentFields,
  type ResultOf,
  ServiceRefFields,
  UserErrorFields,
} from "@keyholder/graphql";

export const KeyQuery = graphql(
  `
  query Key($id: ID!, $historyFirst: Int, $historyAfter: String) {
    apiKey(id: $id) {
      id
      name
      prefix
      verifiable
      importedAt
      environment
      status
      version
      createdAt
      expiresAt
      lastUsedAt
      rotatedAt
      previousPrefix
      previousSecretExpiresAt
      revokedAt
      revokedReason
      suspendedAt
      suspendedReason
      createdBy {
        id
        email
      }
      revokedBy {
        id
        email
      }
      holder {
        ...HolderRefFields
        ... on User {
          departedAt
        }
      }
      worksOn {
        ...ServiceRefFields
      }
      custody {
        holderId
        holderEmail
        from
        to
        assignedBy
        reason
      }
      history(first: $historyFirst, after: $historyAfter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          action
          actorLabel
          occurredAt
          reason
          before
          after
        }
      }
    }
  }
`,
  [HolderRefFields, ServiceRefFields],
);

export const DiagnoseKeyQuery = graphql(`
  query DiagnoseKey($keyId: ID!, $service: String!) {
    diagnoseApiKey(keyId: $keyId, service: $service) {
      works
      reason
      explanation
      fixes
    }
    serviceBySlug(slug: $service) {
      id
      slug
      name
    }
  }
`);

export const ReassignmentPreviewQuery = graphql(
  `
  query ReassignmentPreview($ids: [ID!]!, $toHolderId: ID!, $keepAccess: Boolean!) {
    reassignmentPreview(ids: $ids, toHolderId: $toHolderId, keepAccess: $keepAccess) {
      ...ReassignmentFields
    }
  }
`,
  [ReassignmentFields],
);

export const UpdateKeyMutation = graphql(
  `
  mutation UpdateKey($input: UpdateApiKeyInput!) {
    updateApiKey(input: $input) {
      apiKey {
        id
        name
        expiresAt
        status
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

export const RotateKeyMutation = graphql(
  `
  mutation RotateKey($input: RotateApiKeyInput!) {
    rotateApiKey(input: $input) {
      apiKey {
        id
        prefix
        previousPrefix
        previousSecretExpiresAt
        version
      }
      secret
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

export const RevokeKeyMutation = graphql(
  `
  mutation RevokeKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        id
        status
        revokedAt
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

export const ReassignKeyMutation = graphql(
  `
  mutation ReassignKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) {
      reassignment {
        toHolderEmail
        billingAdded {
          ...ServiceRefFields
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields, ServiceRefFields],
);

/** The key as the key page reads it. */
export type KeyDetail = NonNullable<ResultOf<typeof KeyQuery>["apiKey"]>;
