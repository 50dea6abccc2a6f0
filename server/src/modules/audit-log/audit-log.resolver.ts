import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import { ByIdQuery, PageQuery } from "../../graphql/queries.js";
import type { RequestContext } from "../../shared/request-context.js";
import { AuditEventFilter } from "../audit/audit.filter.js";
import { findAuditEntry, listAuditEntries, listAuditEntrySubjects, listAuditEvents } from "../audit/audit.service.js";
import { AuditEntry } from "../audit/audit-entry.type.js";
import { AuditEventConnection } from "../audit/audit-event.connection.js";
import { AuditEvent } from "../audit/audit-event.type.js";
import { recordedSubjectLabel } from "../audit/audit-events.js";
import { AUDIT_SUBJECTS } from "../audit/audit-subject-type.js";
import { holderById } from "../holder/holder.loaders.js";
import { User } from "../holder/user/user.entity.js";
import { SUBJECT_TABLES, subjectLabelById } from "./subject-tables.js";

export const AuditEntryConnection = ConnectionType("AuditEntry", AuditEntry);

@Resolver(() => AuditEvent)
export class AuditResolver {
  @PageQuery(AuditEventConnection, AuditEventFilter, {
    query: "The audit trail, newest first.",
    filter: "Conditions the events must meet; omit for the whole trail.",
  })
  auditEvents(filter: AuditEventFilter, page: PageArgs, ctx: RequestContext) {
    return listAuditEvents(ctx, filter, page, SUBJECT_TABLES);
  }

  @FieldResolver(() => String, {
    description:
      "The subject in words: a key's name and prefix, a holder's email, a service's slug, an access token's name and prefix; what the event recorded when the subject is gone, else its id.",
  })
  async subjectLabel(@Root() event: AuditEvent, @Ctx() ctx: RequestContext): Promise<string> {
    return (await subjectLabelById(ctx).load(event.subjectId)) ?? recordedSubjectLabel(event);
  }

  @FieldResolver(() => User, { nullable: true, description: "The acting account, when it was a person." })
  async actor(@Root() event: AuditEvent, @Ctx() ctx: RequestContext) {
    return event.actorId ? holderById(ctx).load(event.actorId) : null;
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @PageQuery(AuditEntryConnection, AuditEventFilter, {
    query:
      "The audit trail as recorded, newest first: a change made alike to many subjects is one entry whose `subjects` page. An entry matches a subject filter when any of its subjects does.",
    filter: "Conditions the entries must meet; omit for the whole trail.",
  })
  auditEntries(filter: AuditEventFilter, page: PageArgs, ctx: RequestContext) {
    return listAuditEntries(ctx, filter, page, SUBJECT_TABLES);
  }

  @ByIdQuery(AuditEntry, { query: "One recorded change by its id, e.g. to page its subjects.", id: "The entry's id." })
  auditEntry(id: string, ctx: RequestContext) {
    return findAuditEntry(ctx, id);
  }

  @FieldResolver(() => AuditEventConnection, {
    description: "The entry's subjects, one event each, in the order recorded (ask for one entry at a time).",
  })
  async subjects(
    @Root() entry: AuditEntry,
    @Args(() => PageArgs) page: PageArgs,
    @Arg("subject", () => String, {
      nullable: true,
      description:
        "Only the subjects this text names, as the `subject` filter reads it: which of a set's subjects made it match.",
    })
    subject: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return new AuditEventConnection(await listAuditEntrySubjects(ctx, entry, page, subject, SUBJECT_TABLES));
  }

  @FieldResolver(() => String, {
    description: "The subject in words, as `AuditEvent.subjectLabel`; for a set, how many subjects (`10000 ApiKey`).",
  })
  async subjectLabel(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext): Promise<string> {
    if (!entry.subjectId) return `${entry.subjectCount} ${AUDIT_SUBJECTS[entry.subjectType]}`;
    const label = await subjectLabelById(ctx).load(entry.subjectId);
    return label ?? recordedSubjectLabel({ ...entry, subjectId: entry.subjectId });
  }

  @FieldResolver(() => User, { nullable: true, description: "The acting account, when it was a person." })
  async actor(@Root() entry: AuditEntry, @Ctx() ctx: RequestContext) {
    return entry.actorId ? holderById(ctx).load(entry.actorId) : null;
  }
}
