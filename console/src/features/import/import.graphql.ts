import { graphql } from "@keyholder/graphql";

export const ImportInventoryMutation = graphql(`
  mutation ConsoleImportInventory($input: ImportInventoryInput!) {
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
          code
          field
          message
        }
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
