import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from "graphql";
import { DomainError, ErrorCode } from "../shared/errors.js";
import { hasUnstorableCharacters, unstorableMessage } from "../shared/text.js";

/**
 * The first string in an operation's arguments — written in the document or passed in its
 * (coerced) variables, at any depth of input objects and lists — that holds a character no text
 * column can store, as a refusal naming its field (`input.name`, `filter.search`), or null. One
 * check for every String and ID argument, so no resolver meets such text, nor the database.
 */
export function unstorableTextError(document: DocumentNode, variables: Record<string, unknown>): GraphQLError | null {
  const field = findInVariables(variables) ?? findInLiterals(document);
  if (field === null) return null;
  const message = unstorableMessage(field);
  return new GraphQLError(message, {
    originalError: new DomainError(ErrorCode.INVALID_TEXT, message, field),
    extensions: { http: { status: 400 } },
  });
}

function findInVariables(value: unknown, path = ""): string | null {
  if (typeof value === "string") return hasUnstorableCharacters(value) ? path : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findInVariables(item, path);
      if (found !== null) return found;
    }
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findInVariables(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Per parsed document (Apollo keeps one per query text): its literals never change. */
const literalFindings = new WeakMap<DocumentNode, string | null>();

function findInLiterals(document: DocumentNode): string | null {
  let found = literalFindings.get(document);
  if (found !== undefined) return found;
  found = null;
  const inValue = (node: ValueNode, path: string): string | null => {
    if (node.kind === Kind.STRING) return hasUnstorableCharacters(node.value) ? path : null;
    if (node.kind === Kind.LIST) {
      for (const item of node.values) {
        const hit = inValue(item, path);
        if (hit !== null) return hit;
      }
    }
    if (node.kind === Kind.OBJECT) {
      for (const item of node.fields) {
        const hit = inValue(item.value, `${path}.${item.name.value}`);
        if (hit !== null) return hit;
      }
    }
    return null;
  };
  visit(document, {
    Argument(node) {
      found ??= inValue(node.value, node.name.value);
    },
  });
  literalFindings.set(document, found);
  return found;
}
