import type { NodeTable } from "../../graphql/node.js";
import { ApiKey } from "./api-key.entity.js";

/** API keys (revoked and expired ones too, as `apiKey(id)` finds them) as nodes. */
export const apiKeyNodes: NodeTable<ApiKey> = {
  table: "api_key",
  type: ApiKey,
  typeName: () => "ApiKey",
  load: (ctx, ids) => ctx.em.find(ApiKey, { id: { $in: ids } }),
};
