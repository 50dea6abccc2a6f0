import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import type { ApiKey } from "../modules/api-key/api-key.entity.js";
import type { ApiKeyFilter } from "../modules/api-key/api-key.filter.js";
import { ApiKeyRepository } from "../modules/api-key/api-key.repository.js";
import type { AuditEvent } from "../modules/audit/audit-event.type.js";
import { keyHistories, subjectLabels } from "../modules/audit/audit-events.js";
import { Collaborator } from "../modules/collaborator/collaborator.entity.js";
import type { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupMembership } from "../modules/holder/group-email/group-membership.entity.js";
import { Holder } from "../modules/holder/holder.entity.js";
import { Service } from "../modules/service/service.entity.js";
import type { User } from "../modules/holder/user/user.entity.js";
import type { Page, PageRequest } from "./pagination.js";
import { date, instance } from "./read-model.js";

/** One holder's page of keys, as a list of holders asks for it. */
export interface KeyPageRequest {
  holderId: string;
  filter: ApiKeyFilter;
  page: PageRequest;
}

/** A Service read model from a row of its columns. */
function serviceFromRow(row: Record<string, unknown>): Service {
  return instance(Service, {
    id: row.id as string,
    slug: row.slug as string,
    name: row.name as string,
    description: (row.description as string) ?? null,
    archivedAt: date(row.archived_at),
    createdAt: date(row.created_at) as Date,
    updatedAt: date(row.updated_at) as Date,
    version: Number(row.version),
  });
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const buckets = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) buckets.get(keyOf(row))?.push(row);
  return keys.map((k) => buckets.get(k) ?? []);
}

/**
 * Per-request batching: every relation a list can ask for is fetched with one statement for
 * the whole page, never one per row.
 */
export function createLoaders(em: EntityManager, now: Date) {
  return {
    /**
     * A page of a holder's keys, for lists of holders: requests with the same filter and page
     * arguments are answered together (see `ApiKeyRepository.pagesByHolder`).
     */
    keyPageByHolder: new DataLoader<KeyPageRequest, Page<ApiKey>, string>(
      async (requests) => {
        const groups = new Map<string, KeyPageRequest[]>();
        for (const r of requests) {
          const args = JSON.stringify([r.filter, r.page.first ?? null, r.page.after ?? null]);
          groups.set(args, [...(groups.get(args) ?? []), r]);
        }
        const answers = new Map<KeyPageRequest, Page<ApiKey>>();
        for (const group of groups.values()) {
          const [first] = group as [KeyPageRequest];
          const pages = await new ApiKeyRepository(em).pagesByHolder(
            group.map((r) => r.holderId),
            first.filter,
            first.page,
            now,
          );
          for (const r of group) answers.set(r, pages.get(r.holderId) as Page<ApiKey>);
        }
        return requests.map((r) => answers.get(r) as Page<ApiKey>);
      },
      { cacheKeyFn: (r) => JSON.stringify([r.holderId, r.filter, r.page.first ?? null, r.page.after ?? null]) },
    ),

    holderById: new DataLoader<string, Holder | null>(async (ids) => {
      const rows = await em.find(Holder, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((h) => [h.id, h]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    serviceById: new DataLoader<string, Service | null>(async (ids) => {
      const rows = await em.find(Service, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),

    /**
     * Services (not archived) on which each holder is a BILLING collaborator, by slug: the
     * two-hop rule for a whole page of keys in one statement, as read models.
     */
    billingServicesByHolderId: new DataLoader<string, Service[]>(async (ids) => {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select c.holder_id, s.id, s.slug, s.name, s.description, s.archived_at, s.created_at, s.updated_at, s.version
           from collaborator c join service s on s.id = c.service_id
          where c.holder_id = any(?::uuid[]) and c.role = 'BILLING' and s.archived_at is null
          order by s.slug`,
        [`{${ids.join(",")}}`],
      );
      return groupBy(ids, rows, (r) => r.holder_id as string).map((group) => group.map(serviceFromRow));
    }),

    collaborationsByHolderId: new DataLoader<string, Collaborator[]>(async (ids) => {
      const rows = await em.find(
        Collaborator,
        { holder: { $in: [...ids] } },
        { populate: ["service"], orderBy: { service: { slug: "asc" }, role: "asc" } },
      );
      return groupBy(ids, rows, (c) => c.holder.id);
    }),

    collaboratorsByServiceId: new DataLoader<string, Collaborator[]>(async (ids) => {
      const rows = await em.find(
        Collaborator,
        { service: { $in: [...ids] } },
        { populate: ["holder"], orderBy: { role: "asc", holder: { email: "asc" } } },
      );
      return groupBy(ids, rows, (c) => c.service.id);
    }),

    /** Audit events of each key, newest first: a key's history, batched across a page. */
    historyByKeyId: new DataLoader<string, AuditEvent[]>(async (ids) => {
      return groupBy(ids, await keyHistories(em, ids), (e) => e.subjectId);
    }),

    /** Words for audit subjects (key, holder, service, access token), by id: one statement for a page of events. */
    subjectLabelById: new DataLoader<string, string | null>(async (ids) => {
      const labels = await subjectLabels(em, ids);
      return ids.map((id) => labels.get(id.toLowerCase()) ?? null);
    }),

    membersByGroupId: new DataLoader<string, User[]>(async (ids) => {
      const rows = await em.find(
        GroupMembership,
        { group: { $in: [...ids] } },
        { populate: ["user"], orderBy: { user: { email: "asc" } } },
      );
      return groupBy(ids, rows, (m) => m.group.id).map((ms) => ms.map((m) => m.user));
    }),

    groupsByUserId: new DataLoader<string, GroupEmail[]>(async (ids) => {
      const rows = await em.find(
        GroupMembership,
        { user: { $in: [...ids] } },
        { populate: ["group"], orderBy: { group: { email: "asc" } } },
      );
      return groupBy(ids, rows, (m) => m.user.id).map((ms) => ms.map((m) => m.group));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
