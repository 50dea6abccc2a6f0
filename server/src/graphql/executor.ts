import type { ApolloServerOptionsWithGateway } from "@apollo/server";
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  isScalarType,
  type SourceLocation,
} from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { RequestContext } from "../shared/request-context.js";
import { operationCost } from "./cost.js";
import { dateTimeSerializer } from "./date-time.js";
import { QUERY_LIMITS } from "./limits.js";
import { carriesSecrets } from "./secret-arguments.js";
import { unstorableTextError } from "./text-check.js";

type Gateway = ApolloServerOptionsWithGateway<RequestContext>["gateway"];

/**
 * Operations compiled per parsed document. Apollo Server keeps one parsed (and validated)
 * document per distinct query text, so a document object stands for its query text, and a
 * compiled operation lives as long as Apollo keeps the document.
 */
const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();

/** Per schema, the serializers graphql-jit uses instead of a scalar's own (same answers). */
const serializers = new WeakMap<GraphQLSchema, Record<string, (value: unknown) => unknown>>();

function customSerializers(schema: GraphQLSchema): Record<string, (value: unknown) => unknown> {
  let known = serializers.get(schema);
  if (!known) {
    const dateTime = schema.getType("DateTimeISO");
    const serialize = isScalarType(dateTime) ? dateTimeSerializer(dateTime) : null;
    known = serialize ? { DateTimeISO: serialize } : {};
    serializers.set(schema, known);
  }
  return known;
}

function compiledOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
): CompiledQuery | ExecutionResult {
  let operations = compiled.get(document);
  if (!operations) {
    operations = new Map();
    compiled.set(document, operations);
  }
  const key = operationName ?? "";
  let operation = operations.get(key);
  if (!operation) {
    operation = compileQuery(schema, document, operationName, {
      disablingCapturingStackErrors: true,
      customSerializers: customSerializers(schema),
    });
    operations.set(key, operation);
  }
  return operation;
}

/**
 * Executes an operation with graphql-jit: the operation is compiled once into a function that
 * walks exactly the selected fields, which costs far less per field than graphql-js's generic
 * walk (a list of 10,000 keys is 30,000 field resolutions). Resolvers, results and errors are the
 * same. Variables are coerced by graphql-js first, so their errors (and defaults) are exactly
 * graphql-js's; graphql-jit's own coercion then only meets values that are already coerced,
 * which it leaves as they are (the enums' values are their names, and the custom scalars parse
 * their own output unchanged; `executor.test.ts` checks both).
 */
export async function executeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  contextValue: RequestContext,
  variables: Record<string, unknown> | undefined,
): Promise<ExecutionResult> {
  const operation = getOperationAST(document, operationName);
  // Apollo resolves the operation only to learn its type and leaves the refusal to execution;
  // it answers this result as OPERATION_RESOLUTION_FAILURE with HTTP 400.
  if (!operation) return { errors: [new GraphQLError(operationMissing(operationName))] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
  if (coerced.errors) {
    return { errors: carriesSecrets(schema, document) ? coerced.errors.map(withoutValue) : coerced.errors };
  }
  // A mutation's change is made before its answer is: that answer is never refused for its size.
  if (operation.operation !== "query") contextValue.answerBudget?.waive();
  const unstorable = unstorableTextError(document, coerced.coerced);
  if (unstorable) return { errors: [unstorable] };
  const cost = operationCost(schema, document, operation, coerced.coerced);
  if (cost > QUERY_LIMITS.maxCost) {
    return {
      errors: [
        new GraphQLError(
          `Query cost limit of ${QUERY_LIMITS.maxCost} exceeded, found ${Math.ceil(cost)} (with the variables given): ask for smaller pages or fewer nested lists.`,
          { extensions: { code: "GRAPHQL_VALIDATION_FAILED", http: { status: 400 } } },
        ),
      ],
    };
  }
  const query = compiledOperation(schema, document, operationName);
  if (!isCompiledQuery(query)) return query;
  return withStandardErrors(await query.query(undefined, contextValue, coerced.coerced));
}

/** graphql-js's words for a document without the operation to run. */
function operationMissing(operationName: string | undefined): string {
  return operationName
    ? `Unknown operation named "${operationName}".`
    : "Must provide operation name if query contains multiple operations.";
}

/**
 * graphql-js puts the refused value in a variable's error message ("got invalid value …"); in an
 * operation that carries credentials that value may be one, so only the variable is named.
 */
function withoutValue(error: GraphQLError): GraphQLError {
  const invalid = /^(Variable "\$[^"]+" got invalid value)/.exec(error.message);
  if (!invalid) return error;
  return new GraphQLError(`${invalid[1]} (not shown, as it may be a secret).`, {
    nodes: error.nodes,
    extensions: error.extensions,
  });
}

/**
 * graphql-jit's errors are GraphQLErrors without the parts graphql-js always sets (`extensions`
 * may be missing), which Apollo's error handling relies on: each becomes a graphql-js one with
 * the same message, locations, path, extensions and original error.
 */
function withStandardErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    const standard = new GraphQLError(error.message, {
      path: error.path,
      originalError: error.originalError,
      extensions: error.extensions,
    });
    // The locations are in the query text, which graphql-jit has already resolved.
    (standard as { locations?: readonly SourceLocation[] }).locations = error.locations;
    return standard;
  });
  return { ...result, errors };
}

/**
 * Apollo Server runs operations through a gateway's executor when it has one; this "gateway"
 * serves Keyholder's own schema and executes with `executeOperation`. Parsing, validation,
 * plugins, error formatting and HTTP stay Apollo's.
 */
export function jitGateway(schema: GraphQLSchema): Gateway {
  return {
    async load() {
      return {
        // The requested name, not Apollo's `operationName`: that is the resolved operation's
        // name, null when the requested one does not exist (and then the only operation ran).
        executor: ({ document, context, request }) =>
          executeOperation(
            schema,
            document,
            request.operationName ?? undefined,
            context as RequestContext,
            request.variables as Record<string, unknown> | undefined,
          ),
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}
