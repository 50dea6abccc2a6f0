import { isDeepStrictEqual } from "node:util";
import { jsonPoster } from "./http-client.ts";
import type { RunningServer } from "./keyholder.ts";

/** The fields of a key the check and the page description read. */
export interface KeyNode {
  id: string;
  status: string;
  holder: { kind: string };
  worksOn: unknown[];
}

async function fetchPage(
  server: RunningServer,
  name: string,
  query: string,
  authorization: string | null,
): Promise<KeyNode[]> {
  const client = jsonPoster(server.url, authorization ? { authorization } : {});
  try {
    const res = await client.post(Buffer.from(JSON.stringify({ query })));
    const parsed = JSON.parse(res.body) as { data?: { apiKeys?: { nodes?: KeyNode[] } }; errors?: unknown };
    const nodes = parsed.data?.apiKeys?.nodes;
    if (res.status !== 200 || parsed.errors || !nodes) {
      throw new Error(`${name} did not return the keys page (${res.status}): ${res.body.slice(0, 500)}`);
    }
    return nodes;
  } finally {
    client.close();
  }
}

/**
 * The baseline is only a baseline if it does the same work: both must return the same 50 keys,
 * field for field, before any timing means anything.
 */
export async function checkSameAnswer(
  keyholder: RunningServer,
  baseline: RunningServer,
  query: string,
  authorization: string | null,
): Promise<KeyNode[]> {
  const [ours, theirs] = await Promise.all([
    fetchPage(keyholder, "keyholder", query, authorization),
    fetchPage(baseline, "baseline", query, authorization),
  ]);
  const ids = (nodes: KeyNode[]) => nodes.map((n) => n.id).join(",");
  if (ours.length !== 50 || ids(ours) !== ids(theirs)) {
    throw new Error(
      `keyholder and baseline return different keys:\n  keyholder: ${ids(ours)}\n  baseline:  ${ids(theirs)}`,
    );
  }
  const differs = ours.findIndex((node, i) => !isDeepStrictEqual(node, theirs[i]));
  if (differs >= 0) {
    throw new Error(
      `key ${differs} differs:\n  keyholder: ${JSON.stringify(ours[differs])}\n  baseline:  ${JSON.stringify(theirs[differs])}`,
    );
  }
  return ours;
}

/** One line on what the page holds, to show the data exercises every branch. */
export function describePage(nodes: KeyNode[]): string {
  const count = (pred: (n: KeyNode) => boolean) => nodes.filter(pred).length;
  const active = nodes.filter((n) => n.status === "ACTIVE");
  const services = active.reduce((sum, n) => sum + n.worksOn.length, 0);
  return (
    `${nodes.length} keys: ${active.length} active, ${count((n) => n.status === "REVOKED")} revoked, ` +
    `${count((n) => n.status === "EXPIRED")} expired; ${count((n) => n.holder.kind === "GROUP")} held by groups; ` +
    `active keys work on ${(services / Math.max(1, active.length)).toFixed(1)} services on average`
  );
}
