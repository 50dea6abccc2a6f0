import type { NodeTable } from "../../graphql/node.js";
import { Collaborator } from "./collaborator.entity.js";

/** Collaborator roles as nodes: anyone signed in reads them, as `Service.collaborators`. */
export const collaboratorNodes: NodeTable<Collaborator> = {
  table: "collaborator",
  type: Collaborator,
  typeName: () => "Collaborator",
  load: (ctx, ids) => ctx.em.find(Collaborator, { id: { $in: ids } }),
};
