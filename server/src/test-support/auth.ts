import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { AccessToken } from "../modules/auth/access-token.entity.js";
import { ACCESS_TOKEN_PREFIX } from "../modules/auth/auth-settings.js";
import { Session } from "../modules/auth/session.entity.js";
import { User } from "../modules/holder/user/user.entity.js";
import type { Role } from "../shared/role.js";
import { mintChecksummed, sha256Hex } from "../shared/secrets.js";

/** Creates a console user with `role` (email `test-<role>@keyholder.test`) and a token for it. */
export async function issueTestToken(em: EntityManager, role: Role): Promise<{ token: string; userId: string }> {
  const email = `test-${role.toLowerCase()}@keyholder.test`;
  const user =
    (await em.findOne(User, { email })) ?? em.create(User, { email, name: `Test ${role}`, consoleRole: role });
  const minted = mintChecksummed(ACCESS_TOKEN_PREFIX);
  em.create(AccessToken, {
    user,
    name: "test",
    role,
    prefix: minted.prefix,
    digest: minted.digest,
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  await em.flush();
  return { token: minted.secret, userId: user.id };
}

/**
 * Opens a console session for the test user with `role` (the one `issueTestToken` uses), as a
 * sign-in would, and returns its cookie value: for what only a signed-in person may do.
 */
export async function startTestSession(em: EntityManager, role: Role): Promise<string> {
  const email = `test-${role.toLowerCase()}@keyholder.test`;
  const user =
    (await em.findOne(User, { email })) ?? em.create(User, { email, name: `Test ${role}`, consoleRole: role });
  const token = randomBytes(32).toString("base64url");
  em.create(Session, { user, digest: sha256Hex(token), expiresAt: new Date(Date.now() + 86_400_000) });
  await em.flush();
  return token;
}
