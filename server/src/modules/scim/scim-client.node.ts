import type { NodeTable } from "../../graphql/node.js";
import { Role } from "../../shared/role.js";
import { ScimClient } from "./scim-client.entity.js";

/** SCIM clients as nodes: ADMINs only, as `scimClients`. */
export const scimClientNodes: NodeTable<ScimClient> = {
  table: "scim_client",
  type: ScimClient,
  typeName: () => "ScimClient",
  load: (ctx, ids) => ctx.em.find(ScimClient, { id: { $in: ids } }),
  visible: (principal) => principal.role === Role.ADMIN,
};
