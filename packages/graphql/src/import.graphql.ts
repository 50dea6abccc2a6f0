import { graphql } from "./graphql.js";
import { UserErrorFields } from "./user-error.graphql.js";

/** Imports an inventory file: a dry run unless `apply`, which writes every row or none. */
export const ImportInventoryMutation = graphql(
  `
  mutation ImportInventory($input: ImportInventoryInput!) {
    importInventory(input: $input) {
      result {
        applied
        refused
        counts {
          kind
          created
          updated
          unchanged
          refused
        }
        rows {
          kind
          row
          outcome
          reference
          id
          code
          field
          message
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`,
  [UserErrorFields],
);
