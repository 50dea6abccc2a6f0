import { graphql, RemoveCollaboratorMutation } from "@keyholder/graphql";
import { describe, expectTypeOf, it } from "vitest";
import { usePayloadMutation } from "./use-payload-mutation.js";

const WithoutErrors = graphql(`
  mutation RemoveCollaboratorWithoutErrors($input: RemoveCollaboratorInput!) {
    removeCollaborator(input: $input) {
      collaborator {
        id
      }
    }
  }
`);

/** Checked by `tsc` in `pnpm typecheck`, never run. */
function useDocuments() {
  usePayloadMutation(RemoveCollaboratorMutation, "removeCollaborator", "collaborator");
  // @ts-expect-error a document that does not select the payload's errors would read them as undefined
  usePayloadMutation(WithoutErrors, "removeCollaborator", "collaborator");
}

describe("usePayloadMutation", () => {
  it("takes only documents that select the payload's errors (a type check)", () => {
    expectTypeOf(useDocuments).toBeFunction();
  });
});
