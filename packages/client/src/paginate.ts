/** The parts of a GraphQL connection a paginator reads: its `nodes` and `pageInfo`. */
export interface Connection<N> {
  nodes: readonly N[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** A connection's node type. */
export type NodeOf<C> = C extends Connection<infer N> ? N : never;

/** The variables a connection document pages with: a page size and a cursor. */
export interface PageVariables {
  first?: number | null;
  after?: string | null;
}

/** The page size used when a paginated document's variables give no `first`. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Yields every node of a connection, page after page: `fetchPage` is given each page's cursor
 * (null for the first) and answers with the connection, or null when there is none (then nothing
 * more is yielded). Pages are fetched one at a time, as the caller consumes them.
 */
export async function* pages<N>(
  fetchPage: (after: string | null) => Promise<Connection<N> | null | undefined>,
): AsyncGenerator<N, void, undefined> {
  let after: string | null = null;
  do {
    const connection = await fetchPage(after);
    if (!connection) return;
    yield* connection.nodes;
    after = connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null;
  } while (after);
}
