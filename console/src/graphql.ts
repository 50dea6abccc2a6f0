import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.js";

/**
 * The typed `graphql()` for the console's documents, from the committed `server/schema.graphql`
 * (turned into `graphql-env.d.ts` by `pnpm schema:generate`). Documents live beside the feature
 * that uses them; their result and variable types come from here, never by hand.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTimeISO: string;
    JSONObject: Record<string, unknown>;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";

export type Role = ReturnType<typeof graphql.scalar<"Role">>;
export type ErrorCode = ReturnType<typeof graphql.scalar<"ErrorCode">>;
export type Environment = ReturnType<typeof graphql.scalar<"Environment">>;
export type ApiKeyStatus = ReturnType<typeof graphql.scalar<"ApiKeyStatus">>;
export type HolderKind = ReturnType<typeof graphql.scalar<"HolderKind">>;
export type CollaboratorRole = ReturnType<typeof graphql.scalar<"CollaboratorRole">>;
