import type { ResultOf, Role, TadaDocumentNode, VariablesOf } from "@keyholder/graphql";
import { MantineProvider } from "@mantine/core";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { type Client, CombinedError, type Operation, type OperationResult, Provider as UrqlProvider } from "urql";
import { concat, fromValue, never } from "wonka";
import { Router } from "wouter";
import { memoryLocation } from "wouter/memory-location";
import { roleAllows } from "../features/auth/roles.js";
import { type Session, SessionContext } from "../features/auth/session.js";
import { theme } from "../theme.js";

type Answer =
  | Record<string, unknown>
  | RefusedAnswer
  | ((variables: Record<string, unknown>) => Record<string, unknown> | RefusedAnswer);

/** An answer that is a GraphQL error (a refusal with a stable code), as the API sends for a query. */
export class RefusedAnswer {
  constructor(
    readonly message: string,
    readonly code: string,
  ) {}
}

/** A result as urql hands it over: every object may also carry its `__typename`. */
export type WithTypenames<T> = T extends readonly (infer U)[]
  ? WithTypenames<U>[]
  : T extends object
    ? { [K in keyof T]: WithTypenames<T[K]> } & { __typename?: string }
    : T;

/**
 * An answer typed by its document: `data` (or what the function returns for the variables) must
 * be what `document` returns, so a mocked answer cannot drift from the document it stands for.
 * Fields a document does not ask for (urql's `__typename`) may come along; data behind a masked
 * fragment is built with gql.tada's `maskFragments`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any typed document, whatever its result and variables.
type AnyDocument = TadaDocumentNode<any, any>;
export function answerOf<D extends AnyDocument>(
  _document: D,
  data: WithTypenames<ResultOf<D>>,
): Record<string, unknown>;
export function answerOf<D extends AnyDocument>(
  _document: D,
  data: (variables: VariablesOf<D>) => WithTypenames<ResultOf<D>>,
): Answer;
export function answerOf(_document: AnyDocument, data: unknown): Answer {
  return data as Answer;
}

export interface RenderOptions {
  /** The signed-in role (ADMIN by default). */
  role?: Role;
  /** `data` to answer each operation with, by operation name; an operation without one stays pending. */
  answers?: Record<string, Answer>;
  /** The starting URL, e.g. `/keys?status=ACTIVE`. */
  url?: string;
}

/**
 * Renders a component as the console would (Mantine, a signed-in session, a router) with a
 * GraphQL client that answers from `answers` and records every operation it was asked for.
 */
export function renderConsole(ui: ReactElement, options: RenderOptions = {}) {
  const role = options.role ?? "ADMIN";
  const operations: { name: string; kind: string; variables: Record<string, unknown> }[] = [];
  const client = {
    // urql's hooks pass a request, not an Operation: the kind comes from the method called.
    executeQuery: (op: Operation) => answer(op, "query"),
    executeMutation: (op: Operation) => answer(op, "mutation"),
    executeSubscription: () => never,
  } as unknown as Client;
  function answer(op: Operation, kind: "query" | "mutation") {
    const definition = op.query.definitions.find((d) => d.kind === "OperationDefinition");
    const name = definition && "name" in definition ? (definition.name?.value ?? "") : "";
    const variables = (op.variables ?? {}) as Record<string, unknown>;
    operations.push({ name, kind, variables });
    const given = options.answers?.[name];
    if (!given) return never;
    const data = typeof given === "function" ? given(variables) : given;
    if (data instanceof RefusedAnswer) {
      const error = new CombinedError({
        graphQLErrors: [{ message: data.message, extensions: { code: data.code } }],
      });
      // Kept open as a real client's source is: urql clears an error when its source completes.
      const result = { operation: op, data: undefined, error, stale: false, hasNext: false };
      return concat([fromValue(result as unknown as OperationResult), never]);
    }
    return fromValue({ operation: op, data, stale: false, hasNext: false } as unknown as OperationResult);
  }
  const session: Session = {
    viewer: { role, credentialKind: "SESSION", user: { id: "u-1", email: "me@example.org", name: "Me" } },
    can: (needed) => roleAllows(role, needed),
    signOut: async () => {},
  };
  const location = memoryLocation({ path: options.url ?? "/", record: true });
  const view = render(
    <MantineProvider theme={theme} env="test">
      <SessionContext value={session}>
        <UrqlProvider value={client}>
          <Router hook={location.hook} searchHook={location.searchHook}>
            {ui}
          </Router>
        </UrqlProvider>
      </SessionContext>
    </MantineProvider>,
  );
  return { ...view, operations, location };
}
