import { ApolloArmor } from "@escape.tech/graphql-armor";

/**
 * Limits on what one request may ask for, checked before execution. Keyholder's own console
 * stays well inside them; a hostile or careless query is refused with a validation error that
 * names the limit.
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 20,
  maxTokens: 3000,
  maxDirectives: 25,
  maxCost: 20_000,
} as const;

/** graphql-armor's Apollo plugins and validation rules for the limits above. */
export function queryLimits(production: boolean) {
  return new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: production },
  }).protect();
}
