/**
 * The parts of a GraphQL connection a paginator reads: its `nodes` and `pageInfo`, with the
 * `endCursor` that the next page starts after (a document that does not select it cannot be paged).
 */
export interface Connection<N> {
  nodes: readonly N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A connection's node type. */
export type NodeOf<C> = C extends Connection<infer N> ? N : never;

/** The variables a connection document pages with: a page size and a cursor. */
export interface PageVariables {
  first?: number | null;
  after?: string | null;
}

/**
 * Nothing for variables that include `after`; for others, a property no document has, so that
 * passing a document without `$after` to `paginate` does not compile.
 */
export type PagedBy<V> = "after" extends keyof V
  ? unknown
  : { "paginate needs a document that declares $after": never };

/** The page size used when a paginated document's variables give no `first`. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Yields every node of a connection, page after page: `fetchPage` is given each page's cursor
 * (null for the first) and answers with the connection, or null when there is none (then nothing
 * more is yielded). Pages are fetched one at a time, as the caller consumes them.
 *
 * A page that says there is more but gives no `endCursor`, or ends at the cursor it was asked to
 * start after (its `$after` never reached the connection), is refused before its nodes are
 * yielded: paging on would stop early without a word, or yield the same nodes for ever.
 */
export async function* pages<N>(
  fetchPage: (after: string | null) => Promise<Connection<N> | null | undefined>,
): AsyncGenerator<N, void, undefined> {
  let after: string | null = null;
  for (;;) {
    const connection = await fetchPage(after);
    if (!connection) return;
    const { hasNextPage, endCursor } = connection.pageInfo;
    if (hasNextPage && (!endCursor || endCursor === after)) {
      throw new TypeError(
        endCursor
          ? `The page after ${after} ended at that same cursor: the document must pass $after to the connection it pages.`
          : "A page has more after it but no pageInfo.endCursor: the document must select it (and a page size of at least 1).",
      );
    }
    yield* connection.nodes;
    if (!hasNextPage) return;
    after = endCursor;
  }
}

/** True when the document declares a `$after` variable, which a paginated document must pass on. */
export function declaresAfter(document: {
  definitions: readonly { kind: string; variableDefinitions?: readonly { variable: { name: { value: string } } }[] }[];
}): boolean {
  return document.definitions.some(
    (d) =>
      d.kind === "OperationDefinition" && (d.variableDefinitions ?? []).some((v) => v.variable.name.value === "after"),
  );
}
