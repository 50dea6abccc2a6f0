import type { NodeTable } from "../../graphql/node.js";
import { LeaverCase } from "./leaver-case.entity.js";

/** Leaver cases, open or closed, as nodes: anyone signed in reads them, as `leaverCases`. */
export const leaverCaseNodes: NodeTable<LeaverCase> = {
  table: "leaver_case",
  type: LeaverCase,
  typeName: () => "LeaverCase",
  load: (ctx, ids) => ctx.em.find(LeaverCase, { id: { $in: ids } }),
};
