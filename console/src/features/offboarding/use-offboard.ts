import { OffboardUserSummaryMutation } from "@keyholder/graphql";
import { useCallback } from "react";
import { useMutation } from "urql";
import type { OffboardInput } from "./decisions.js";
import type { OffboardResult } from "./result.js";

/** An error from the API (payload `errors`) or from getting there; `code` is the API's code when known. */
export interface OffboardError {
  field?: string | null;
  code: string;
  message: string;
  requestId?: string;
}

export type Outcome = { ok: true; result: OffboardResult } | { ok: false; errors: OffboardError[] };

/** Calls `offboardUser` and folds its two failure shapes (payload errors, transport errors) into one. */
export function useOffboard() {
  const [, mutate] = useMutation(OffboardUserSummaryMutation);
  return useCallback(
    async (input: OffboardInput): Promise<Outcome> => {
      const answer = await mutate({ input });
      const payload = answer.data?.offboardUser;
      if (payload?.errors.length) return { ok: false, errors: payload.errors };
      if (payload?.offboarding) return { ok: true, result: payload.offboarding };
      const graphQLError = answer.error?.graphQLErrors[0];
      const requestId = graphQLError?.extensions?.requestId;
      return {
        ok: false,
        errors: [
          {
            code: typeof graphQLError?.extensions?.code === "string" ? graphQLError.extensions.code : "NO_ANSWER",
            message: graphQLError?.message ?? "Keyholder could not be reached, or did not answer.",
            requestId: typeof requestId === "string" ? requestId : undefined,
          },
        ],
      };
    },
    [mutate],
  );
}
