/** A list as the API sends a connection's first page: its items and how many there are. */
export function connectionOf<T>(typename: string, nodes: T[]) {
  return { __typename: `${typename}Connection`, totalCount: nodes.length, nodes };
}
