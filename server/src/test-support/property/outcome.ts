import { type GqlClient, serviceSlugs, type TestApi } from "../graphql.js";

/**
 * What a step did. `changed`: it succeeded and changed something (so it must be audited);
 * `refused`: the API said no; `unchanged`: it succeeded without changing anything (a dry run, a
 * replay, revoking a revoked key); `skipped`: there was nothing to apply it to, so nothing was sent.
 */
export type Status = "changed" | "refused" | "unchanged" | "skipped";

/** A step's outcome, with what the invariant checks need to know about it. */
export interface Outcome {
  status: Status;
  code?: string;
  /** For moves: each key with the services it worked on before and the result's `servicesAfter`. */
  moved?: { keyId: string; servicesBefore: string[]; servicesAfter: string[]; keepAccess: boolean }[];
  /**
   * For a reassignment or offboarding that succeeded: whether wider access was allowed, and the
   * keys its result listed as gaining services, with what each gains (invariant 5).
   */
  widening?: { allowWiderAccess: boolean; listed: Map<string, string[]> };
  /** For a real offboarding: who left, what they held before (with where it worked), the result. */
  offboarding?: {
    userId: string;
    held: Map<string, string[]>;
    result: OffboardingResultJson;
    allowWiderAccess: boolean;
  };
}

/** The OffboardingResult fields the tests read. */
export interface OffboardingResultJson {
  userId: string;
  dryRun: boolean;
  replayed: boolean;
  keys: { keyId: string; action: "REASSIGN" | "REVOKE"; servicesBefore: string[]; servicesAfter: string[] }[];
  otherKeysGaining: { keyId: string; gained: string[] }[];
  [field: string]: unknown;
}

/** Payload errors of a mutation; a top-level GraphQL error is never expected, so it throws. */
export function payloadOf(res: { data?: Record<string, unknown>; errors?: unknown[] }, field: string): Payload {
  if (res.errors?.length) throw new Error(`${field} failed: ${JSON.stringify(res.errors)}`);
  return res.data?.[field] as Payload;
}

/** A mutation's payload with its errors. */
export type Payload = Record<string, unknown> & { errors: { code: string }[] };

/** `changed` when the payload has no errors, else `refused` with the first error's code. */
export const statusOf = (payload: Payload): Outcome =>
  payload.errors.length ? { status: "refused", code: payload.errors[0]?.code } : { status: "changed" };

/**
 * The ADMIN client of `api`, failing when a response repeats a secret that an earlier response
 * showed (invariant 4: a secret appears in the one response that returns it, never after).
 */
export function secretCheckedClient(api: TestApi, secrets: readonly string[]): GqlClient {
  return (async (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => {
    const shownBefore = [...secrets];
    const res = await api.gql(query, variables, headers);
    const text = JSON.stringify([res.data, res.errors]);
    const repeated = shownBefore.filter((s) => text.includes(s)).length;
    if (repeated) throw new Error(`a response repeats ${repeated} secret(s) shown before`);
    // The model compares where keys work as slugs.
    return serviceSlugs(res);
  }) as GqlClient;
}
