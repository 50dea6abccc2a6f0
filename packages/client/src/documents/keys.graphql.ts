import { graphql, HolderRefFields, PageInfoFields, UserErrorFields } from "../graphql.js";

/** A user or group email as the client names one (`__typename` tells which). Unmasked. */
export const HolderFields = graphql(
  `
  fragment HolderFields on Holder @_unmask {
    __typename
    ...HolderRefFields
    ... on User {
      departedAt
    }
  }
`,
  [HolderRefFields],
);

/**
 * A key as the client lists it: its state, its dates and the services it works on. Unmasked, so
 * a document of your own can spread it and read the same fields.
 */
export const KeyListFields = graphql(`
  fragment KeyListFields on ApiKey @_unmask {
    id
    name
    prefix
    environment
    status
    version
    createdAt
    expiresAt
    lastUsedAt
    worksOn {
      slug
    }
  }
`);

/** A holder (user or group email) by email, without their keys. */
export const HolderQuery = graphql(
  `
  query Holder($email: String!) {
    holderByEmail(email: $email) {
      ...HolderFields
    }
  }
`,
  [HolderFields],
);

/** One page of a holder's keys, newest first, with where each works. */
export const HolderKeysQuery = graphql(
  `
  query HolderKeys($email: String!, $first: Int, $after: String, $filter: ApiKeyFilter) {
    holderByEmail(email: $email) {
      ...HolderFields
      keys(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          ...PageInfoFields
        }
        nodes {
          ...KeyListFields
        }
      }
    }
  }
`,
  [HolderFields, KeyListFields, PageInfoFields],
);

/** Issues a key; the secret is in the answer, once. */
export const CreateApiKeyMutation = graphql(
  `
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      replayed
      warnings {
        code
        message
      }
      apiKey {
        ...KeyListFields
        holder {
          id
          email
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [KeyListFields, UserErrorFields],
);

/** A new secret for a key; the old one keeps working for `overlapHours`. */
export const RotateApiKeyMutation = graphql(
  `
  mutation RotateApiKey($input: RotateApiKeyInput!) {
    rotateApiKey(input: $input) {
      secret
      warnings {
        code
        message
      }
      apiKey {
        id
        name
        prefix
        previousPrefix
        previousSecretExpiresAt
        rotatedAt
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

/** Revokes a key for good (idempotent). */
export const RevokeApiKeyMutation = graphql(
  `
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        id
        name
        prefix
        status
        revokedAt
        revokedReason
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

/**
 * The GraphQL twin of `POST /v1/keys/verify`: the client verifies over the faster HTTP route, and
 * this document gives its answer's type, straight from the schema's `VerifyResult`.
 */
export const VerifyApiKeyQuery = graphql(`
  query VerifyApiKey($secret: String!, $service: String!, $environment: Environment) {
    verifyApiKey(secret: $secret, service: $service, environment: $environment) {
      valid
      reason
      keyId
      environment
      holder {
        id
        email
        kind
      }
    }
  }
`);
