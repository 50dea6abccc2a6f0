import type { ApiKey } from "../modules/api-key/api-key.entity.js";
import type { TestDatabase } from "./database.js";
import { factories } from "./factories.js";
import { graphql, type TestApi } from "./graphql.js";
import { openTransaction, tracked, untilWaiting } from "./locks.js";

/**
 * Two hand-overs to one team at once (invariant 5). Two leavers each hold a key working on one
 * service (fines, permits). The first hand-over makes the team Billing on fines; an uncommitted
 * insert of that very role holds it there after it has planned, until the second hand-over to the
 * team has had its chance. `handOver` sends one hand-over of `key`, held by `leaverId`, to `teamId`.
 */
export async function handOversRacing<R>(
  db: TestDatabase,
  api: TestApi,
  handOver: (key: ApiKey, leaverId: string, teamId: string) => Promise<R>,
): Promise<{ results: R[]; first: ApiKey; second: ApiKey }> {
  const f = factories(db.em());
  const team = await f.group({ email: "team@agency.gov.example" });
  const fines = await f.service({ slug: "fines" });
  const permits = await f.service({ slug: "permits" });
  const finesLeaver = await f.user();
  const permitsLeaver = await f.user();
  await f.collaborator(fines, finesLeaver);
  await f.collaborator(permits, permitsLeaver);
  const first = await f.key(finesLeaver, { name: "first" });
  const second = await f.key(permitsLeaver, { name: "second" });
  // The caller's token exists before the race, so issuing it takes no part in it.
  await api.gql(graphql(`{ me { role } }`));
  const other = await openTransaction(db);
  await other.query(
    "insert into collaborator (id, service_id, holder_id, role, created_at) values (gen_random_uuid(), $1, $2, 'BILLING', now())",
    [fines.id, team.id],
  );
  const one = tracked(handOver(first, finesLeaver.id, team.id));
  await untilWaiting(db, 1, one.settled);
  const two = tracked(handOver(second, permitsLeaver.id, team.id));
  await untilWaiting(db, 2, two.settled);
  await other.release();
  return { results: await Promise.all([one.promise, two.promise]), first, second };
}
