import { graphql, UserErrorFields } from "../graphql.js";

/** Moves one key (at the version you read) to another holder; the secret does not change. */
export const ReassignApiKeyMutation = graphql(
  `
  mutation ReassignApiKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) {
      reassignment {
        toHolderId
        toHolderEmail
        billingAdded
        keys {
          keyId
          name
          prefix
          fromHolderId
          fromHolderEmail
          servicesBefore
          servicesAfter
          gained
          lost
        }
        otherKeysGaining {
          keyId
          name
          prefix
          holderEmail
          gained
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
        billingAdded
        keys {
          keyId
          name
          prefix
          fromHolderId
          fromHolderEmail
          servicesBefore
          servicesAfter
          gained
          lost
        }
        otherKeysGaining {
          keyId
          name
          prefix
          holderEmail
          gained
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
