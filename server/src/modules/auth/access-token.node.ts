import type { NodeTable } from "../../graphql/node.js";
import { canManageAccountOf } from "../../shared/access.js";
import { AccessToken } from "./access-token.entity.js";

/** Access tokens as nodes: a caller sees its own, an ADMIN anyone's, as `accessTokens` lists them. */
export const accessTokenNodes: NodeTable<AccessToken> = {
  table: "access_token",
  type: AccessToken,
  typeName: () => "AccessToken",
  load: (ctx, ids) => ctx.em.find(AccessToken, { id: { $in: ids } }),
  visible: (principal, token) => canManageAccountOf(principal, token.user.id),
};
