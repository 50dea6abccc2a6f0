import { graphql, ServiceRefFields, UserErrorFields } from "../graphql.js";

/** Moves one key (at the version you read) to another holder; the secret does not change. */
export const ReassignApiKeyMutation = graphql(
  `
  mutation ReassignApiKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) {
      reassignment {
        toHolderId
        toHolderEmail
        billingAdded {
          ...ServiceRefFields
        }
        keys {
          keyId
          name
          prefix
          fromHolderId
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
          holderEmail
          gained {
            ...ServiceRefFields
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
  [UserErrorFields, ServiceRefFields],
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
          ...ServiceRefFields
        }
        keys {
          keyId
          name
          prefix
          fromHolderId
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
          holderEmail
          gained {
            ...ServiceRefFields
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
  [UserErrorFields, ServiceRefFields],
);
