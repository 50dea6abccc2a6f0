import { userInfo } from "node:os";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Logger } from "../logger.js";
import { createRequestContext, type RequestContext } from "./request-context.js";
import { Role } from "./role.js";

/**
 * A request context for an operator on the server host: full rights, recorded in the audit
 * trail as `cli:<os user>` so a change from the CLI is as traceable as one from the API.
 */
export function cliContext(orm: MikroORM, logger: Logger): RequestContext {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (e.g. an arbitrary uid in a container): keep "unknown".
  }
  return createRequestContext({
    em: orm.em,
    requestId: `cli-${process.pid}-${Date.now()}`,
    log: logger,
    principal: { userId: null, email: `cli:${user}`, role: Role.ADMIN, credentialKind: "CLI", credentialId: null },
  });
}
