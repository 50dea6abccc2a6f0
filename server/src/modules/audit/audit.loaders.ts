import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import type { AuditEvent } from "./audit-event.type.js";
import { keyHistories } from "./audit-events.js";

/** Audit events of each key, newest first: a key's history, batched across a page. */
export const historyByKeyId = defineLoader(
  (em) =>
    new DataLoader<string, AuditEvent[]>(async (ids) => groupBy(ids, await keyHistories(em, ids), (e) => e.subjectId)),
);
