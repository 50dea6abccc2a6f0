import type { ApolloServerPlugin } from "@apollo/server";
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import { ErrorCode } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { checkChecksummed } from "../shared/secrets.js";

/** Argument and input field names whose values are credentials: a key's secret, a password. */
const SECRET_NAME = /secret|password/i;

/** The input types that carry a secret somewhere inside them, per schema. */
const secretInputsOf = new WeakMap<GraphQLSchema, Set<string>>();

function secretInputs(schema: GraphQLSchema): Set<string> {
  let found = secretInputsOf.get(schema);
  if (found) return found;
  found = new Set();
  const carries = (type: GraphQLInputType, seen: Set<string>): boolean => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((field) => SECRET_NAME.test(field.name) || carries(field.type, seen));
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && carries(type, new Set())) found.add(type.name);
  }
  secretInputsOf.set(schema, found);
  return found;
}

/**
 * True when the document passes a credential as an argument anywhere (directly, in an input
 * object, through a variable or a fragment): such an operation must not travel in a URL, and its
 * variables' values must not be echoed in errors.
 */
export function carriesSecrets(schema: GraphQLSchema, document: DocumentNode): boolean {
  const inputs = secretInputs(schema);
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const argument = typeInfo.getArgument();
        if (argument && (SECRET_NAME.test(argument.name) || inputs.has(getNamedType(argument.type).name))) {
          found = true;
        }
      },
    }),
  );
  return found;
}

/** True when a string literal anywhere in the document is a Keyholder secret or token. */
function writesSecret(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (holdsSecret(node.value)) found = true;
    },
  });
  return found;
}

/** True when a value holds a Keyholder secret or token (checksum-valid), at any depth. */
function holdsSecret(value: unknown): boolean {
  if (typeof value === "string") return value.length <= 200 && checkChecksummed(value) !== null;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

/**
 * Refuses GET for an operation that carries a credential, or whose variables or written values
 * hold a Keyholder secret or token anyway, with 405 POST_REQUIRED: a query string ends up in access logs, proxy
 * logs and browser history, a request body does not.
 */
export function refuseSecretsInUrls(schema: GraphQLSchema): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== "GET") return;
      return {
        async didResolveOperation({ document }) {
          if (!carriesSecrets(schema, document) && !holdsSecret(request.variables) && !writesSecret(document)) return;
          const message = "This operation carries a secret or password: send it with POST, in the request body.";
          throw new GraphQLError(message, {
            extensions: { code: ErrorCode.POST_REQUIRED, http: { status: 405, headers: new Map([["allow", "POST"]]) } },
          });
        },
      };
    },
  };
}
