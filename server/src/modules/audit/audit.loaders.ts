import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import type { AuditEvent } from "./audit-event.type.js";
import { keyHistories, subjectLabels } from "./audit-events.js";

/** Audit events of each key, newest first: a key's history, batched across a page. */
export const historyByKeyId = defineLoader(
  (em) =>
    new DataLoader<string, AuditEvent[]>(async (ids) => groupBy(ids, await keyHistories(em, ids), (e) => e.subjectId)),
);

/** Words for audit subjects (key, holder, service, access token), by id: one statement for a page of events. */
export const subjectLabelById = defineLoader(
  (em) =>
    new DataLoader<string, string | null>(async (ids) => {
      const labels = await subjectLabels(em, ids);
      return ids.map((id) => labels.get(id.toLowerCase()) ?? null);
    }),
);
