import type { AuthChecker } from "type-graphql";
import { requireRole } from "../shared/access.js";
import type { RequestContext } from "../shared/request-context.js";
import type { Role } from "../shared/role.js";

/** type-graphql's hook for `@Authorized(role)`: the required role is the decorator's argument. */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  requireRole(context.principal, roles[0]);
  return true;
};
