import type { NodeTable } from "../../graphql/node.js";
import { apiKeyNodes } from "../api-key/api-key.node.js";
import { accessTokenNodes } from "../auth/access-token.node.js";
import { collaboratorNodes } from "../collaborator/collaborator.node.js";
import { holderNodes } from "../holder/holder.node.js";
import { leaverCaseNodes } from "../leaver-case/leaver-case.node.js";
import { webhookEndpointNodes } from "../notify/webhook-endpoint.node.js";
import { scimClientNodes } from "../scim/scim-client.node.js";
import { serviceNodes } from "../service/service.node.js";

/**
 * The tables whose rows are nodes, each described by the module that owns it. This module sits
 * above every owner, so it lists them, as the audit log lists its subject tables.
 */
export const NODE_TABLES: readonly NodeTable[] = [
  holderNodes,
  serviceNodes,
  apiKeyNodes,
  collaboratorNodes,
  accessTokenNodes,
  leaverCaseNodes,
  scimClientNodes,
  webhookEndpointNodes,
];

/** The GraphQL type of a node `findNodes` answered (graphql-jit asks for it synchronously). */
export function nodeTypeName(node: unknown): string | undefined {
  const table = NODE_TABLES.find((t) => node instanceof t.type);
  return table?.typeName(node as { id: string });
}
