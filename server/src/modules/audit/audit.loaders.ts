import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import { type Page, type PageRequest, pageArgs } from "../../shared/pagination.js";
import type { AuditEvent } from "./audit-event.type.js";
import { keyHistories, keyHistoryPages } from "./audit-events.js";

/** Audit events of each key, newest first: a key's whole history (custody folds it), batched across a page. */
export const historyByKeyId = defineLoader(
  (em) =>
    new DataLoader<string, AuditEvent[]>(async (ids) => groupBy(ids, await keyHistories(em, ids), (e) => e.subjectId)),
);

/** One key's page of its history, as a list of keys asks for it. */
export interface KeyHistoryPageRequest {
  keyId: string;
  page: PageRequest;
}

/**
 * A page of each key's history: requests with the same page arguments (every row of a list of
 * keys asks alike) are answered together, in one statement.
 */
export const historyPageByKeyId = defineLoader(
  (em) =>
    new DataLoader<KeyHistoryPageRequest, Page<AuditEvent>, string>(
      async (requests) => {
        const groups = new Map<string, KeyHistoryPageRequest[]>();
        for (const r of requests) {
          const key = JSON.stringify(pageArgs(r.page));
          groups.set(key, [...(groups.get(key) ?? []), r]);
        }
        const answers = new Map<KeyHistoryPageRequest, Page<AuditEvent>>();
        for (const group of groups.values()) {
          const pages = await keyHistoryPages(
            em,
            group.map((r) => r.keyId),
            (group[0] as KeyHistoryPageRequest).page,
          );
          for (const r of group) answers.set(r, pages.get(r.keyId) as Page<AuditEvent>);
        }
        return requests.map((r) => answers.get(r) as Page<AuditEvent>);
      },
      { cacheKeyFn: (r) => JSON.stringify([r.keyId, pageArgs(r.page)]) },
    ),
);
