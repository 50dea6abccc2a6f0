import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { decodeCursor, encodeCursor, type Page, type PageRequest, pageSize, toPage } from "../../shared/pagination.js";
import type { AuditEventFilter } from "./audit.filter.js";
import type { AuditEvent } from "./audit-event.type.js";
import {
  AUDIT_EVENT_COLUMNS,
  AUDIT_EVENTS_FROM,
  type AuditEventRow,
  aboutSubjects,
  toAuditEvent,
} from "./audit-events.js";

/** Query logic for the audit trail, newest first: in the order the events were recorded. */
export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  /** The filter as SQL conditions over `AUDIT_EVENTS_FROM`, and their parameters. */
  private conditions(filter: AuditEventFilter): { sql: string[]; params: unknown[] } {
    const sql: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, ...values: unknown[]) => {
      sql.push(condition);
      params.push(...values);
    };
    if (filter.actorId) add("a.actor_id = ?", parseId(filter.actorId, "actorId"));
    if (filter.action) {
      if (filter.action.length > 64) throw new DomainError(ErrorCode.TOO_LONG, "action is too long.", "action");
      if (filter.action.endsWith(".")) add("a.action like ?", `${filter.action.replace(/[\\%_]/g, "\\$&")}%`);
      else add("a.action = ?", filter.action);
    }
    if (filter.subjectType) add("a.subject_type = ?", filter.subjectType);
    if (filter.subjectId) {
      const about = aboutSubjects([filter.subjectId.slice(0, 64)]);
      add(about.sql, ...about.params);
    }
    if (filter.from) add("a.occurred_at >= ?", filter.from);
    if (filter.to) add("a.occurred_at < ?", filter.to);
    return { sql, params };
  }

  /** A page of events matching `filter`, newest first. */
  async page(filter: AuditEventFilter, request: PageRequest): Promise<Page<AuditEvent>> {
    const size = pageSize(request);
    const where = this.conditions(filter);
    const conditions = [...where.sql];
    const params = [...where.params];
    if (request.after) {
      const [id, position] = decodeCursor("auditEvents", request.after, ["string", "string"]) as [string, string];
      if (!/^\d{1,18}$/.test(id) || !/^\d{1,9}$/.test(position))
        throw new DomainError(ErrorCode.INVALID_CURSOR, "after is not a cursor of this list.", "after");
      // The first condition lets the primary key find where to start; the second is the exact order.
      conditions.push("a.id <= ?::bigint", "(a.id, s.n) < (?::bigint, ?::bigint)");
      params.push(id, id, position);
    }
    const rows = await this.em.execute<AuditEventRow[]>(
      `select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM}
        ${whereClause(conditions)}
        order by a.id desc, s.n desc
        limit ?`,
      [...params, size + 1],
    );
    return toPage(
      rows.map(toAuditEvent),
      size,
      request,
      (e) => encodeCursor("auditEvents", [e.recordId, String(e.position)]),
      async () => {
        // Without a subject filter every event of a row matches alike: count rows by their set's size.
        const [count] = await this.em.execute<{ n: number }[]>(
          filter.subjectId
            ? `select count(*)::int as n from ${AUDIT_EVENTS_FROM} ${whereClause(where.sql)}`
            : `select coalesce(sum(coalesce(cardinality(a.subject_ids), 1)), 0)::int as n from audit_event a ${whereClause(where.sql)}`,
          where.params,
        );
        return count?.n ?? 0;
      },
    );
  }
}

function whereClause(conditions: string[]): string {
  return conditions.length ? `where ${conditions.join(" and ")}` : "";
}
