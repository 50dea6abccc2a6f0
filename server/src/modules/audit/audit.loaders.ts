import DataLoader from "dataloader";
import { definePageLoader } from "../../shared/child-pages.js";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import type { PageRequest } from "../../shared/pagination.js";
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
export const historyPageByKeyId = definePageLoader<KeyHistoryPageRequest, AuditEvent>((r) => r.keyId, keyHistoryPages);
