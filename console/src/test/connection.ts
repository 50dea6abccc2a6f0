/** The cursor a test page answers as its end when it has a next page (base64 of "cursor"). */
export const NEXT_CURSOR = "Y3Vyc29y";

/** A list as the API sends a connection's first page: its items and how many there are. */
export function connectionOf<T>(typename: string, nodes: T[]) {
  return { __typename: `${typename}Connection`, totalCount: nodes.length, nodes };
}

/** One page of a connection as the API sends it: `nodes` out of `total`, with a next page after `cursor` or not. */
export function pageOf<T>(
  typename: string,
  nodes: T[],
  total = nodes.length,
  hasNextPage = false,
  cursor = NEXT_CURSOR,
) {
  return {
    __typename: `${typename}Connection`,
    totalCount: total,
    pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? cursor : null },
    nodes,
  };
}
