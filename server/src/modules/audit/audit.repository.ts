import type { EntityManager } from "@mikro-orm/postgresql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { isId, parseId } from "../../shared/ids.js";
import { Keyset, type Page, type PageRequest } from "../../shared/pagination.js";
import { allOf, Sql, sql, textArray } from "../../shared/sql.js";
import type { AuditEventFilter } from "./audit.filter.js";
import { type AuditCategory, CATEGORY_ACTIONS } from "./audit-category.js";
import { AUDIT_ENTRY_COLUMNS, type AuditEntry, type AuditEntryRow, toAuditEntry } from "./audit-entry.type.js";
import type { AuditEvent } from "./audit-event.type.js";
import {
  AUDIT_EVENT_COLUMNS,
  AUDIT_EVENTS_FROM,
  type AuditEventRow,
  aboutSubjects,
  rowAboutSubjects,
  toAuditEvent,
} from "./audit-events.js";
import { AUDIT_SUBJECTS } from "./audit-subject-type.js";
import type { AuditSubjectTable } from "./audit-subjects.js";

/** The start of an id, any length from none to all 36 characters. */
const ID_TEMPLATE =
  /^[0-9a-f]{0,8}$|^[0-9a-f]{8}-[0-9a-f]{0,4}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{0,4}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{0,4}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{0,12}$/i;

/** How many subjects a subject filter's text may name; beyond them, its events are not looked for. */
const SUBJECTS_NAMED = 100;

/**
 * The ids of the subjects `text` names, at most `SUBJECTS_NAMED`, each looked up by an index: a
 * holder's email, a key's name or prefix, an access token's prefix, a service's slug, an id or its start (a shown fragment
 * such as `d1e94add…`, read as a range of primary keys), or a key's or token's subject label
 * (`name (prefix…)`).
 * Null when the text cannot name anything.
 */
export function subjectsNamedSql(text: string, tables: readonly AuditSubjectTable[]): Sql | null {
  const typed = text.trim().replace(/(…|\.\.\.)$/, "");
  if (!typed || typed.length > 254) return null;
  if (isId(typed)) return sql`select ${typed.toLowerCase()}::text as id`;
  const name = typed.toLowerCase();
  // A label names one key: its name and its prefix both, never every key sharing the name.
  const labelled = /^(.+) \((\S+?)(…|\.\.\.)\)$/.exec(typed);
  const label = labelled ? { name: (labelled[1] as string).toLowerCase(), prefix: labelled[2] as string } : null;
  // The start of an id, hyphens where an id has them, so that padding it gives two valid ids.
  const start = ID_TEMPLATE.test(typed) && /^[0-9a-f]{8}/i.test(typed) ? typed.toLowerCase() : null;
  const byId = (table: string, start: string) => {
    const low = `${start}${"00000000-0000-0000-0000-000000000000".slice(start.length)}`;
    const high = `${start}${"ffffffff-ffff-ffff-ffff-ffffffffffff".slice(start.length)}`;
    return sql`select id from ${new Sql(table)} where id between ${low}::uuid and ${high}::uuid`;
  };
  // Each subject table's owner says how text names its rows.
  const lookups = [
    ...tables.flatMap((t) => t.named({ typed, name, label })),
    ...(start ? tables.map((t) => byId(t.table, start)) : []),
  ];
  if (!lookups.length) return null;
  return sql`select id::text from (
      ${new Sql(
        lookups.map((l) => l.text).join("\n      union "),
        lookups.flatMap((l) => l.params),
      )}
    ) named limit ${SUBJECTS_NAMED}`;
}

/** An action condition: an exact action, or every action of a prefix ending in `.`. */
function actionIs(action: string): Sql {
  return action.endsWith(".")
    ? sql`a.action like ${`${action.replace(/[\\%_]/g, "\\$&")}%`}`
    : sql`a.action = ${action}`;
}

/** The event's action is in one of `categories` (none: no event). */
function inCategories(categories: readonly AuditCategory[]): Sql {
  const parts = [...new Set(categories)].map((category) => {
    const { actions, except = [] } = CATEGORY_ACTIONS[category];
    const any = actions.map(actionIs);
    const within = new Sql(
      any.map((f) => `(${f.text})`).join(" or "),
      any.flatMap((f) => f.params),
    );
    return except.length ? sql`(${within}) and a.action <> all(${textArray(except)}::text[])` : within;
  });
  if (!parts.length) return sql`false`;
  return new Sql(
    parts.map((f) => `(${f.text})`).join(" or "),
    parts.flatMap((f) => f.params),
  );
}

/** Query logic for the audit trail, newest first: in the order the events were recorded. */
export class AuditRepository {
  /** `subjects`: the tables audit subjects live in, for finding subjects by what a reader typed. */
  constructor(
    private readonly em: EntityManager,
    private readonly subjects: readonly AuditSubjectTable[] = [],
  ) {}

  /** The ids of the subjects `text` names (see `subjectsNamedSql`). */
  async subjectIdsNamed(text: string): Promise<string[]> {
    const query = subjectsNamedSql(text, this.subjects);
    return query ? (await this.execute<{ id: string }>(query)).map((r) => r.id) : [];
  }

  /**
   * The filter as conditions over `AUDIT_EVENTS_FROM`; `perRow`, over `audit_event a` alone, where
   * a row matches when any of its subjects does.
   */
  private async conditions(filter: AuditEventFilter, perRow = false): Promise<Sql[]> {
    const about = perRow ? rowAboutSubjects : aboutSubjects;
    const conditions: Sql[] = [];
    if (filter.actorId) conditions.push(sql`a.actor_id = ${parseId(filter.actorId, "actorId")}`);
    if (filter.action) {
      if (filter.action.length > 64) throw new DomainError(ErrorCode.TOO_LONG, "action is too long.", "action");
      conditions.push(actionIs(filter.action));
    }
    if (filter.categories) conditions.push(inCategories(filter.categories));
    if (filter.subjectType) conditions.push(sql`a.subject_type = ${AUDIT_SUBJECTS[filter.subjectType]}`);
    if (filter.subjectId) conditions.push(about([filter.subjectId.slice(0, 64)]));
    if (filter.subject?.trim()) {
      const ids = await this.subjectIdsNamed(filter.subject);
      conditions.push(ids.length ? about(ids) : sql`false`);
    }
    if (filter.from) conditions.push(sql`a.occurred_at >= ${filter.from}`);
    if (filter.to) conditions.push(sql`a.occurred_at < ${filter.to}`);
    return conditions;
  }

  private async execute<T extends object>(query: Sql): Promise<T[]> {
    return this.em.execute<T[]>(query.text, [...query.params]);
  }

  /** A page of events matching `filter`, newest first. */
  async page(filter: AuditEventFilter, request: PageRequest): Promise<Page<AuditEvent>> {
    const keyset = new Keyset("auditEvents", request, false);
    const { op, dir } = keyset;
    const conditions = await this.conditions(filter);
    const page = [...conditions];
    const after = keyset.cursor(["string", "string"]);
    if (after) {
      const [id, position] = after;
      if (!/^\d{1,18}$/.test(id) || !/^\d{1,9}$/.test(position)) throw keyset.invalidCursor();
      // The first condition lets the primary key find where to start; the second is the exact order.
      page.push(
        new Sql(`a.id ${op}= ?::bigint`, [id]),
        new Sql(`(a.id, s.n) ${op} (?::bigint, ?::bigint)`, [id, position]),
      );
    }
    const rows = await this.execute<AuditEventRow>(
      sql`select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM} where ${allOf(page)}
        order by ${new Sql(`a.id ${dir}, s.n ${dir}`)} limit ${keyset.limit}`,
    );
    return keyset.page(
      rows.map(toAuditEvent),
      (e) => [e.recordId, String(e.position)],
      async () => {
        // Without a subject filter every event of a row matches alike: count rows by their set's size.
        const [count] = await this.execute<{ n: number }>(
          filter.subjectId || filter.subject
            ? sql`select count(*)::int as n from ${AUDIT_EVENTS_FROM} where ${allOf(conditions)}`
            : sql`select coalesce(sum(coalesce(cardinality(a.subject_ids), 1)), 0)::int as n
                    from audit_event a where ${allOf(conditions)}`,
        );
        return count?.n ?? 0;
      },
    );
  }

  /** A page of the stored changes matching `filter`, newest first: a subject set is one entry. */
  async entries(filter: AuditEventFilter, request: PageRequest): Promise<Page<AuditEntry>> {
    const keyset = new Keyset("auditEntries", request, false);
    const conditions = await this.conditions(filter, true);
    const page = [...conditions];
    const [id] = keyset.cursor(["string"]) ?? [];
    if (id !== undefined) {
      if (!/^\d{1,18}$/.test(id)) throw keyset.invalidCursor();
      page.push(new Sql(`a.id ${keyset.op} ?::bigint`, [id]));
    }
    const rows = await this.execute<AuditEntryRow>(
      sql`select ${new Sql(AUDIT_ENTRY_COLUMNS)} from audit_event a where ${allOf(page)}
        order by ${new Sql(`a.id ${keyset.dir}`)} limit ${keyset.limit}`,
    );
    return keyset.page(
      rows.map(toAuditEntry),
      (e) => [e.id],
      async () => {
        const [count] = await this.execute<{ n: number }>(
          sql`select count(*)::int as n from audit_event a where ${allOf(conditions)}`,
        );
        return count?.n ?? 0;
      },
    );
  }

  /** One stored change by its number, or null. */
  async entry(id: string): Promise<AuditEntry | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const [row] = await this.execute<AuditEntryRow>(
      sql`select ${new Sql(AUDIT_ENTRY_COLUMNS)} from audit_event a where a.id = ${id}::bigint`,
    );
    return row ? toAuditEntry(row) : null;
  }

  /**
   * A page of one entry's subjects, as events, in the order the set recorded them; with `subject`,
   * only those that text names (see `subjectsNamedSql`).
   */
  async entrySubjects(entry: AuditEntry, request: PageRequest, subject?: string | null): Promise<Page<AuditEvent>> {
    const keyset = new Keyset("auditEntrySubjects", request, true);
    const conditions = [sql`a.id = ${entry.id}::bigint`];
    if (subject?.trim()) {
      const ids = await this.subjectIdsNamed(subject);
      conditions.push(ids.length ? aboutSubjects(ids) : sql`false`);
    }
    const page = [...conditions];
    const [id, position] = keyset.cursor(["string", "string"]) ?? [];
    if (position !== undefined) {
      if (id !== entry.id || !/^\d{1,9}$/.test(position)) throw keyset.invalidCursor();
      page.push(new Sql(`s.n ${keyset.op} ?::bigint`, [position]));
    }
    const rows = await this.execute<AuditEventRow>(
      sql`select ${AUDIT_EVENT_COLUMNS} from ${AUDIT_EVENTS_FROM} where ${allOf(page)}
        order by ${new Sql(`s.n ${keyset.dir}`)} limit ${keyset.limit}`,
    );
    return keyset.page(
      rows.map(toAuditEvent),
      (e) => [e.recordId, String(e.position)],
      async () => {
        if (conditions.length === 1) return entry.subjectCount;
        const [count] = await this.execute<{ n: number }>(
          sql`select count(*)::int as n from ${AUDIT_EVENTS_FROM} where ${allOf(conditions)}`,
        );
        return count?.n ?? 0;
      },
    );
  }
}
