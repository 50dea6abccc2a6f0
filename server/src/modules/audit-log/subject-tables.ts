import DataLoader from "dataloader";
import { defineLoader } from "../../shared/loaders.js";
import { keyAuditSubjects } from "../api-key/api-key.audit-subjects.js";
import { subjectLabels } from "../audit/audit-events.js";
import type { AuditSubjectTable } from "../audit/audit-subjects.js";
import { tokenAuditSubjects } from "../auth/auth.audit-subjects.js";
import { holderAuditSubjects } from "../holder/holder.audit-subjects.js";
import { serviceAuditSubjects } from "../service/service.audit-subjects.js";

/**
 * The tables audit events are about, each described by the module that owns it: the log names
 * and finds its subjects through these. This module sits above every owner, so it lists them;
 * the audit module below them only receives the list.
 */
export const SUBJECT_TABLES: readonly AuditSubjectTable[] = [
  holderAuditSubjects,
  serviceAuditSubjects,
  keyAuditSubjects,
  tokenAuditSubjects,
];

/** Words for audit subjects (key, holder, service, access token), by id: one statement for a page of events. */
export const subjectLabelById = defineLoader(
  (em) =>
    new DataLoader<string, string | null>(async (ids) => {
      const labels = await subjectLabels(em, ids, SUBJECT_TABLES);
      return ids.map((id) => labels.get(id.toLowerCase()) ?? null);
    }),
);
