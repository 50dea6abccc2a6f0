import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { decodeCursor, encodeCursor, type Page, type PageRequest, pageSize, toPage } from "../../shared/pagination.js";
import { allOf, type Sql, sql } from "../../shared/sql.js";
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

  /** The filter as conditions over `AUDIT_EVENTS_FROM`. */
  private conditions(filter: AuditEventFilter): Sql[] {
    const conditions: Sql[] = [];
    if (filter.actorId) conditions.push(sql`a.actor_id = ${parseId(filter.actorId, "actorId")}`);
    if (filter.action) {
      if (filter.action.length > 64) throw new DomainError(ErrorCode.TOO_LONG, "action is too long.", "action");
      conditions.push(
        filter.action.endsWith(".")
          ? sql`a.action like ${`${filter.action.replace(/[\\%_]/g, "\\$&")}%`}`
          : sql`a.action = ${filter.action}`,
      );
    }
    if (filter.subjectType) conditions.push(sql`a.subject_type = ${filter.subjectType}`);
    if (filter.subjectId) conditions.push(aboutSubjects([filter.subjectId.slice(0, 64)]));
    if (filter.from) conditions.push(sql`a.occurred_at >= ${filter.from}`);
    if (filter.to) conditions.push(sql`a.occurred_at < ${filter.to}`);
    return conditions;
  }

  private async execute<T extends object>(query: Sql): Promise<T[]> {
    return this.em.execute<T[]>(query.text, [...query.params]);
  }

  /** A page of events matching `filter`, newest first. */
  async page(filter: AuditEventFilter, request: PageRequest): Promise<Page<AuditEvent>> {
    const size = pageSize(request);
    const conditions = this.conditions(filter);
    const page = [...conditions];
    if (request.after) {
      const [id, position] = decodeCursor("auditEvents", request.after, ["string", "string"]) as [string, string];
      if (!/^\d{1,18}$/.test(id) || !/^\d{1,9}$/.test(position))
        throw new DomainError(ErrorCode.INVALID_CURSOR, "after is not a cursor of this list.", "after");
      // The first condition lets the primary key find where to start; the second is the exact order.
      page.push(sql`a.id <= ${id}::bigint`, sql`(a.id, s.n) < (${id}::bigint, ${position}::bigint)`);
    }
    const rows = await this.execute<AuditEventRow>(
      sql`select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM} where ${allOf(page)}
        order by a.id desc, s.n desc limit ${size + 1}`,
    );
    return toPage(
      rows.map(toAuditEvent),
      size,
      request,
      (e) => encodeCursor("auditEvents", [e.recordId, String(e.position)]),
      async () => {
        // Without a subject filter every event of a row matches alike: count rows by their set's size.
        const [count] = await this.execute<{ n: number }>(
          filter.subjectId
            ? sql`select count(*)::int as n from ${AUDIT_EVENTS_FROM} where ${allOf(conditions)}`
            : sql`select coalesce(sum(coalesce(cardinality(a.subject_ids), 1)), 0)::int as n
                    from audit_event a where ${allOf(conditions)}`,
        );
        return count?.n ?? 0;
      },
    );
  }
}
