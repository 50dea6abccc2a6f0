import type { NodeTable } from "../../graphql/node.js";
import { Holder, holderTypeName } from "./holder.entity.js";
import { holderById } from "./holder.loaders.js";

/** Users and group emails as nodes, through the holder loader. */
export const holderNodes: NodeTable<Holder> = {
  table: "holder",
  type: Holder,
  typeName: holderTypeName,
  load: async (ctx, ids) => (await holderById(ctx).loadMany(ids)).filter((h): h is Holder => h instanceof Holder),
};
