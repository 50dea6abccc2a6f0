import { initGraphQLTada } from "gql.tada";
import type { introspection } from "../types/graphql-env.js";

/**
 * The `graphql()` function for documents against Keyholder's schema (`server/schema.graphql`,
 * turned into `types/graphql-env.d.ts` by `gql-tada generate-output`). A document written with it
 * carries its result and variables types, so nothing here hand-writes a response type; an
 * unknown field is a type error, and `gql-tada check` reports it too.
 *
 * @example
 * ```ts
 * const Me = graphql(`query Me { me { role user { email } } }`);
 * const { me } = await client.request(Me);
 * ```
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    /** An ISO 8601 instant, e.g. `2026-11-30T09:00:00.000Z`. */
    DateTimeISO: string;
    JSONObject: Record<string, unknown>;
  };
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from "gql.tada";

/** The stable codes of mutation payload errors (`UserError.code`), straight from the schema. */
export type ErrorCode = ReturnType<typeof graphql.scalar<"ErrorCode">>;
/** A key's environment: `STAGING` or `PRODUCTION`. */
export type Environment = ReturnType<typeof graphql.scalar<"Environment">>;
/** Why a secret does or does not work on a service (`VALID`, `REVOKED`, …). */
export type VerifyReason = ReturnType<typeof graphql.scalar<"VerifyReason">>;
