import { graphql, UserErrorFields } from "@keyholder/graphql";

export const CreateKeyMutation = graphql(
  `
  mutation CreateKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      apiKey {
        id
        name
        prefix
        environment
        holder {
          id
          email
        }
      }
      secret
      warnings {
        code
        message
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
