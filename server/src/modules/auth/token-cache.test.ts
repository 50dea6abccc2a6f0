import type { EntityManager } from "@mikro-orm/postgresql";
import { describe, expect, it } from "vitest";
import { UsageRecorder } from "../../db/usage-recorder.js";
import { createLogger } from "../../logger.js";
import { InvalidationHub } from "../../shared/invalidation.js";
import { createRequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { issueTestToken } from "../../test-support/auth.js";
import { type TestDatabase, useTestDatabase } from "../../test-support/database.js";
import { AccessToken } from "./access-token.entity.js";
import { revokeAccessToken } from "./access-token.service.js";
import { TokenAuthenticator } from "./authenticate.js";
import { TokenCache } from "./token-cache.js";

let db: TestDatabase;
const log = createLogger("silent");

useTestDatabase((created) => {
  db = created;
});

/** An entity manager whose reads, once they have their rows, first let `meanwhile` run. */
function readingThen(em: EntityManager, meanwhile: () => Promise<void>): EntityManager {
  return new Proxy(em, {
    get(target, property) {
      if (property !== "findOne") return Reflect.get(target, property, target);
      return async (...args: Parameters<EntityManager["findOne"]>) => {
        const found = await target.findOne(...args);
        await meanwhile();
        return found;
      };
    },
  });
}

describe("the access-token cache", () => {
  it("does not keep what a lookup read before a revocation that was heard while the lookup was in flight", async () => {
    const hub = new InvalidationHub();
    const pool = await db.orm.em.getConnection().getNativeClient();
    const authenticator = new TokenAuthenticator(new TokenCache(hub), new UsageRecorder(pool, "access_token", log));
    const { token, userId } = await issueTestToken(db.em(), Role.VIEWER);
    const row = await db.em().findOneOrFail(AccessToken, { user: userId }, { populate: ["user"] });
    const admin = {
      userId: row.user.id,
      email: row.user.email,
      role: Role.ADMIN,
      credentialKind: "TOKEN" as const,
      credentialId: null,
    };

    // The lookup has read the token as live; before it returns, the token is revoked (committed, and
    // the invalidation published on this instance's hub, as inTransaction does after the commit).
    const revokeMeanwhile = async () => {
      const ctx = createRequestContext({ em: db.orm.em, requestId: "req-revoke", log, hub, principal: admin });
      await revokeAccessToken(ctx, admin, row.id);
    };
    const first = await authenticator.authenticate(readingThen(db.em(), revokeMeanwhile), token, new Date());
    expect(first).toMatchObject({ credentialId: row.id });

    // The revocation was heard after the read: what that read found must not answer the next call.
    await expect(authenticator.authenticate(db.em(), token, new Date())).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});
