import type { ExecutionResult, GraphQLSchema } from "graphql";
import { parse } from "graphql";
import { compileQuery } from "graphql-jit";

/**
 * An answer as two executors can be compared: its data, and its errors' messages, paths and
 * locations in path order (graphql-jit and graphql-js report a page's errors in different orders).
 */
export function comparableAnswer(result: ExecutionResult) {
  return {
    data: result.data,
    errors: (result.errors ?? [])
      .map((e) => ({ message: e.message, path: e.path, locations: e.locations }))
      .sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))),
  };
}

/** The JavaScript graphql-jit compiles `query` into (its debug output), to check the patch is in it. */
export function compiledCode(schema: GraphQLSchema, query: string): string {
  const compiled = compileQuery(schema, parse(query), undefined, { debug: true } as never) as unknown as {
    __DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation?: string;
  };
  return compiled.__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation ?? "";
}
