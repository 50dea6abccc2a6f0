import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.js";

/**
 * The `graphql()` function for documents against Keyholder's schema (`server/schema.graphql`,
 * turned into `src/graphql-env.d.ts` by `pnpm --filter @keyholder/graphql schema:generate`). A
 * document written with it carries its result and variables types, so nothing hand-writes a
 * response type; an unknown field is a type error, and `gql-tada check` reports it too. The
 * console, the client and the server's tests all write their documents with this one function.
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

export type { FragmentOf, ResultOf, TadaDocumentNode, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";

/** The stable codes of mutation payload errors (`UserError.code`), straight from the schema. */
export type ErrorCode = ReturnType<typeof graphql.scalar<"ErrorCode">>;
/** A key's environment: `STAGING` or `PRODUCTION`. */
export type Environment = ReturnType<typeof graphql.scalar<"Environment">>;
/** Why a secret does or does not work on a service (`VALID`, `REVOKED`, …). */
export type VerifyReason = ReturnType<typeof graphql.scalar<"VerifyReason">>;
/** A console role: `VIEWER`, `OPERATOR` or `ADMIN`. */
export type Role = ReturnType<typeof graphql.scalar<"Role">>;
/** A key's state: `ACTIVE`, `EXPIRED` or `REVOKED`. */
export type ApiKeyStatus = ReturnType<typeof graphql.scalar<"ApiKeyStatus">>;
/** A person (`USER`) or a group email (`GROUP`). */
export type HolderKind = ReturnType<typeof graphql.scalar<"HolderKind">>;
/** A holder's role on a service (`ADMIN`, `BILLING` or `VIEWER`); `BILLING` makes their keys work there. */
export type CollaboratorRole = ReturnType<typeof graphql.scalar<"CollaboratorRole">>;
