import type { NodeTable } from "../../graphql/node.js";
import { Service } from "./service.entity.js";
import { serviceById } from "./service.loaders.js";

/** Services (archived ones too, as `service(id)` finds them) as nodes, through the service loader. */
export const serviceNodes: NodeTable<Service> = {
  table: "service",
  type: Service,
  typeName: () => "Service",
  load: async (ctx, ids) => (await serviceById(ctx).loadMany(ids)).filter((s): s is Service => s instanceof Service),
};
