import { graphql, UserErrorFields } from "../graphql.js";

/** Moves one key (at the version you read) to another holder; the secret does not change. */
export const ReassignApiKeyMutation = graphql(
  `
  mutation ReassignApiKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) {
      reassignment {
        toHolderId
        toHolderEmail
        billingAdded {
          id
          slug
          name
        }
        keys {
          keyId
          name
          prefix
          fromHolderId
          fromHolderEmail
          servicesBefore {
            id
            slug
            name
          }
          servicesAfter {
            id
            slug
            name
          }
          gained {
            id
            slug
            name
          }
          lost {
            id
            slug
            name
          }
        }
        otherKeysGaining {
          keyId
          name
          prefix
          holderEmail
          gained {
            id
            slug
            name
          }
        }
        widens
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);

/** Moves up to 10,000 keys to one holder, all or nothing. */
export const ReassignApiKeysMutation = graphql(
  `
  mutation ReassignApiKeys($input: ReassignApiKeysInput!) {
    reassignApiKeys(input: $input) {
      reassignment {
        toHolderId
        toHolderEmail
        billingAdded {
          id
          slug
          name
        }
        keys {
          keyId
          name
          prefix
          fromHolderId
          fromHolderEmail
          servicesBefore {
            id
            slug
            name
          }
          servicesAfter {
            id
            slug
            name
          }
          gained {
            id
            slug
            name
          }
          lost {
            id
            slug
            name
          }
        }
        otherKeysGaining {
          keyId
          name
          prefix
          holderEmail
          gained {
            id
            slug
            name
          }
        }
        widens
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
