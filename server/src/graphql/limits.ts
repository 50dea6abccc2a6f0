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

/**
 * graphql-armor's Apollo plugins and validation rules for the limits above, and the parse options
 * for the token limit. graphql-js's parser counts tokens itself (`maxTokens`) and stops with a
 * syntax error, which Apollo answers as a parse failure (400). graphql-armor's own token plugin
 * parses the document a second time inside a plugin hook, where any syntax error, not only an
 * oversized document, became an unexpected error: HTTP 500 with the wrong code.
 */
export function queryLimits(production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    costLimit: { maxCost: QUERY_LIMITS.maxCost },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { ...armor, parseOptions: { maxTokens: QUERY_LIMITS.maxTokens } };
}
