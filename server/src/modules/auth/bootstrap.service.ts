import { normaliseEmail } from "../../shared/email.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { User } from "../holder/user/user.entity.js";
import { createUser } from "../holder/user/user.write.js";
import { UserStatus } from "../holder/user/user-status.js";
import { setConsoleAccess, setConsolePassword } from "./console-access.service.js";

/**
 * Creates a console account (or gives an existing user one) with a role and a password: the
 * given one, or a generated one that is returned once. For bootstrapping from the server host.
 */
export async function createConsoleAccount(
  ctx: RequestContext,
  input: { email: string; name?: string; role?: Role; password?: string },
): Promise<{ user: User; password: string; created: boolean }> {
  const email = normaliseEmail(input.email);
  let user = await ctx.em.findOne(User, { email });
  const created = !user;
  if (!user) user = await createUser(ctx, { email, name: input.name ?? email.split("@")[0] ?? email });
  if (user.status !== UserStatus.ACTIVE) {
    throw new DomainError(ErrorCode.USER_DEPARTED, `${email} has departed and cannot have console access.`, "email");
  }
  const role = input.role ?? Role.ADMIN;
  if (user.consoleRole !== role) user = await setConsoleAccess(ctx, { userId: user.id, role, version: user.version });
  const { password } = await setConsolePassword(ctx, user.id, input.password);
  return { user, password, created };
}
