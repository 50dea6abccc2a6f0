import { DomainError, ErrorCode } from "../../shared/errors.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { KEY_EVENTS } from "../api-key/api-key.events.js";
import type { AuditSubject } from "../audit/audit-subject-type.js";
import { type CsvFile, type RawRow, rowsOfBundle, rowsOfCsv } from "./import-file.js";
import { ImportKind, ImportOutcome } from "./import-kind.js";
import { type ImportPlan, planImport } from "./import-plan.js";
import type { ImportKindCount, ImportResult } from "./import-result.js";
import { type ImportAuditSet, writeImport } from "./import-writes.js";

/** An inventory file as the API receives it: a JSON bundle or CSV files, and whether to apply it. */
export interface ImportInventoryRequest {
  json?: string | null;
  csv?: CsvFile[] | null;
  apply?: boolean | null;
}

/** Serialises imports, so two cannot both decide to create the same record. */
const IMPORT_LOCK = "select pg_advisory_xact_lock(hashtext('keyholder.inventory_import'))";

const SUBJECT_TYPES: Record<ImportKind, { type: AuditSubject; action: string }> = {
  [ImportKind.USER]: { type: "User", action: "user.imported" },
  [ImportKind.GROUP_EMAIL]: { type: "GroupEmail", action: "group_email.imported" },
  [ImportKind.SERVICE]: { type: "Service", action: "service.imported" },
  [ImportKind.COLLABORATOR]: { type: "Collaborator", action: "collaborator.imported" },
  [ImportKind.KEY]: { type: "ApiKey", action: KEY_EVENTS.imported },
};

/**
 * Imports an organisation's inventory (users, group emails, services, collaborators, keys).
 * A dry run by default: every row is checked against what is stored and gets its outcome.
 * With `apply`, the same plan is made and written in one transaction, all or nothing: when
 * any row is refused nothing is written. Re-running a file changes nothing, since rows match
 * what they created. An applied import is audited as one subject set per kind and outcome,
 * all with the request's id, and drops every verification cache (imported keys may verify).
 */
export async function importInventory(ctx: RequestContext, request: ImportInventoryRequest): Promise<ImportResult> {
  const raw = rowsOf(request);
  if (!request.apply) {
    const plan = await planImport(ctx.em, raw, ctx.now);
    return resultOf(plan, false);
  }
  return inTransaction(ctx, async (em) => {
    await em.execute(IMPORT_LOCK);
    const plan = await planImport(em, raw, ctx.now, true);
    const result = resultOf(plan, false);
    if (result.refused > 0) return result;
    const audit = auditSets(plan);
    if (!audit.length) return resultOf(plan, true);
    await writeImport(ctx, em, plan.writes, audit, summary(result));
    await invalidate(ctx, em, ["all"]);
    return resultOf(plan, true);
  });
}

function rowsOf(request: ImportInventoryRequest): RawRow[] {
  const hasJson = request.json != null;
  const hasCsv = request.csv != null;
  if (hasJson === hasCsv)
    throw new DomainError(
      ErrorCode.INVALID_FILE,
      "Send either a JSON bundle (json) or CSV files (csv), not both or neither.",
      "json",
    );
  return hasJson ? rowsOfBundle(request.json as string) : rowsOfCsv(request.csv as CsvFile[]);
}

function resultOf(plan: ImportPlan, applied: boolean): ImportResult {
  const counts = new Map<ImportKind, ImportKindCount>(
    Object.values(ImportKind).map((kind) => [kind, { kind, created: 0, updated: 0, unchanged: 0, refused: 0 }]),
  );
  for (const row of plan.rows) {
    const count = counts.get(row.kind) as ImportKindCount;
    if (row.outcome === ImportOutcome.CREATED) count.created++;
    else if (row.outcome === ImportOutcome.UPDATED) count.updated++;
    else if (row.outcome === ImportOutcome.UNCHANGED) count.unchanged++;
    else count.refused++;
  }
  const rows = applied
    ? plan.rows
    : // A dry run's new ids are made up: do not show them as if they were records.
      plan.rows.map((r) => (r.outcome === ImportOutcome.CREATED ? { ...r, id: null } : r));
  const list = [...counts.values()];
  return { applied, counts: list, refused: list.reduce((n, c) => n + c.refused, 0), rows };
}

/** One audit set per kind and outcome (created, updated), plus the groups that gained members. */
function auditSets(plan: ImportPlan): ImportAuditSet[] {
  const sets = new Map<string, ImportAuditSet>();
  for (const row of plan.rows) {
    if (row.outcome !== ImportOutcome.CREATED && row.outcome !== ImportOutcome.UPDATED) continue;
    const { type, action } = SUBJECT_TYPES[row.kind];
    const outcome = row.outcome === ImportOutcome.CREATED ? "created" : "updated";
    const key = `${row.kind}/${outcome}`;
    let set = sets.get(key);
    if (!set) {
      set = { action, subject_type: type, ids: [], after: { import: outcome } };
      sets.set(key, set);
    }
    set.ids.push(row.id as string);
  }
  return [...sets.values()];
}

/** The audit reason: what the import did, in one line. */
function summary(result: ImportResult): string {
  const parts = result.counts
    .filter((c) => c.created + c.updated > 0)
    .map((c) => `${c.kind}: ${c.created} created, ${c.updated} updated`);
  return `Inventory import (${parts.join("; ")}).`;
}
