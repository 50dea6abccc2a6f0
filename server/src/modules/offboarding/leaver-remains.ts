import type { EntityManager } from "@mikro-orm/postgresql";
import { holderHoldsAnyKeySql } from "../api-key/api-key.queries.js";

/**
 * Whether a departed user still has anything an offboarding takes or ends: a key in any state (a
 * revoked one too: it passes to a custodian, so that the leaver holds none), a collaboration, a
 * group membership, a live access token or an open session. A user marked DEPARTED outside
 * Keyholder (imported, or by HR) can have all of these; once nothing is left, offboarding them
 * again has nothing to do.
 */
export async function hasAnythingLeft(em: EntityManager, userId: string, now: Date): Promise<boolean> {
  const [row] = await em.execute<{ left: boolean }[]>(
    `select ${holderHoldsAnyKeySql("?")}
         or exists (select 1 from collaborator where holder_id = ?)
         or exists (select 1 from group_membership where user_id = ?)
         or exists (select 1 from access_token where user_id = ? and revoked_at is null and expires_at > ?)
         or exists (select 1 from session where user_id = ? and ended_at is null and expires_at > ?) as left`,
    [userId, userId, userId, userId, now, userId, now],
  );
  return row?.left ?? false;
}
