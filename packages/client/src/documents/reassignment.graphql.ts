import { graphql, ReassignmentFields, UserErrorFields } from "../graphql.js";

/** Moves one key (at the version you read) to another holder; the secret does not change. */
export const ReassignApiKeyMutation = graphql(
  `
  mutation ReassignApiKey($input: ReassignApiKeyInput!) {
    reassignApiKey(input: $input) {
      reassignment {
        ...ReassignmentFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [ReassignmentFields, UserErrorFields],
);

/** Moves up to 10,000 keys to one holder, all or nothing. */
export const ReassignApiKeysMutation = graphql(
  `
  mutation ReassignApiKeys($input: ReassignApiKeysInput!) {
    reassignApiKeys(input: $input) {
      reassignment {
        ...ReassignmentFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [ReassignmentFields, UserErrorFields],
);
