import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { decodeCursor, encodeCursor, type Page, type PageRequest, pageSize, toPage } from "../../shared/pagination.js";
import type { AuditEventFilter } from "./audit.filter.js";
import { AuditEvent } from "./audit-event.entity.js";

/** Query logic for the audit trail, newest first: in the order the events were recorded. */
export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  private filtered(filter: AuditEventFilter) {
    const qb = this.em.createQueryBuilder(AuditEvent, "a");
    if (filter.actorId) qb.andWhere({ actorId: parseId(filter.actorId, "actorId") });
    if (filter.action) {
      if (filter.action.length > 64) throw new DomainError(ErrorCode.TOO_LONG, "action is too long.", "action");
      if (filter.action.endsWith(".")) qb.andWhere("a.action like ?", [`${filter.action.replace(/[\\%_]/g, "\\$&")}%`]);
      else qb.andWhere({ action: filter.action });
    }
    if (filter.subjectType) qb.andWhere({ subjectType: filter.subjectType });
    if (filter.subjectId) qb.andWhere({ subjectId: filter.subjectId.slice(0, 64) });
    if (filter.from) qb.andWhere({ occurredAt: { $gte: filter.from } });
    if (filter.to) qb.andWhere({ occurredAt: { $lt: filter.to } });
    return qb;
  }

  /** A page of events matching `filter`, newest first. */
  async page(filter: AuditEventFilter, request: PageRequest): Promise<Page<AuditEvent>> {
    const size = pageSize(request);
    const qb = this.filtered(filter)
      .select("*")
      .orderBy([{ id: "desc" }])
      .limit(size + 1);
    if (request.after) {
      const [id] = decodeCursor("auditEvents", request.after, ["string"]) as [string];
      if (!/^\d{1,19}$/.test(id))
        throw new DomainError(ErrorCode.INVALID_CURSOR, "after is not a cursor of this list.", "after");
      qb.andWhere("a.id < ?::bigint", [id]);
    }
    const rows = await qb.getResultList();
    return toPage(
      rows,
      size,
      request,
      (a) => encodeCursor("auditEvents", [String(a.id)]),
      () => this.filtered(filter).getCount(),
    );
  }
}
