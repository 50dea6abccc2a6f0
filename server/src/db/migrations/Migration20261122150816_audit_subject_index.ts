import { Migration } from "@mikro-orm/migrations";

export class Migration20261122150816_audit_subject_index extends Migration {
  override name = "Migration20261122150816_audit_subject_index";

  override up(): void | Promise<void> {
    this.addSql(`drop index "audit_event_subject_idx";`);
    this.addSql(`create index "audit_event_subject_idx" on "audit_event" ("subject_id", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_subject_idx";`);
    this.addSql(
      `create index "audit_event_subject_idx" on "audit_event" ("subject_type", "subject_id", "occurred_at");`,
    );
  }
}
