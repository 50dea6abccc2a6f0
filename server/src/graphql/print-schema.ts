import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";

/** The schema as committed in `server/schema.graphql`: sorted, so diffs stay readable. */
export function printKeyholderSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
