import { Migration } from "@mikro-orm/migrations";

export class Migration20261122145349_audit_subject_sets extends Migration {
  override name = "Migration20261122145349_audit_subject_sets";

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add "subject_ids" uuid[] null;`);
    this.addSql(`alter table "audit_event" alter column "subject_id" drop not null;`);
    this.addSql(
      `create index audit_event_subject_ids_idx on audit_event using gin (subject_ids) with (fastupdate = off) where subject_ids is not null;`,
    );
    this.addSql(
      `alter table "audit_event" add constraint "audit_event_subject_or_subjects" check ((subject_id is null) <> (subject_ids is null) and (subject_ids is null or (cardinality(subject_ids) >= 2 and array_position(subject_ids, null) is null)));`,
    );
  }

  /** Back to one row per subject: each set is written out as rows (after all others), then removed. */
  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" disable trigger "audit_event_append_only";`);
    this.addSql(
      `insert into "audit_event" (occurred_at, actor_id, actor_label, credential_kind, credential_id, action, subject_type, subject_id, before, after, reason, request_id)
       select a.occurred_at, a.actor_id, a.actor_label, a.credential_kind, a.credential_id, a.action, a.subject_type, s.subject::text,
              a.before, a.after, a.reason, a.request_id
         from "audit_event" a, unnest(a.subject_ids) with ordinality as s(subject, n)
        where a.subject_ids is not null
        order by a.id, s.n;`,
    );
    this.addSql(`delete from "audit_event" where subject_ids is not null;`);
    this.addSql(`alter table "audit_event" enable trigger "audit_event_append_only";`);
    this.addSql(`drop index "audit_event_subject_ids_idx";`);
    this.addSql(`alter table "audit_event" drop constraint "audit_event_subject_or_subjects";`);
    this.addSql(`alter table "audit_event" drop column "subject_ids";`);
    this.addSql(`alter table "audit_event" alter column "subject_id" set not null;`);
  }
}
