import type { AuthChecker } from "type-graphql";
import { requireRole } from "../modules/auth/access.js";
import type { Role } from "../modules/auth/role.js";
import type { RequestContext } from "../shared/request-context.js";

/** type-graphql's hook for `@Authorized(role)`: the required role is the decorator's argument. */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  requireRole(context.principal, roles[0]);
  return true;
};
