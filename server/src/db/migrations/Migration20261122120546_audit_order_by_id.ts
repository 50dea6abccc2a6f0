import { Migration } from "@mikro-orm/migrations";

export class Migration20261122120546_audit_order_by_id extends Migration {
  override name = "Migration20261122120546_audit_order_by_id";

  override up(): void | Promise<void> {
    this.addSql(`drop index "audit_event_occurred_idx";`);
    this.addSql(`drop index "audit_event_action_idx";`);
    this.addSql(`drop index "audit_event_actor_idx";`);
    this.addSql(`create index audit_event_occurred_brin on audit_event using brin (occurred_at);`);
    this.addSql(`create index "audit_event_action_idx" on "audit_event" ("action", "id");`);
    this.addSql(`create index "audit_event_actor_idx" on "audit_event" ("actor_id", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "audit_event_occurred_brin";`);
    this.addSql(`drop index "audit_event_action_idx";`);
    this.addSql(`drop index "audit_event_actor_idx";`);
    this.addSql(`create index "audit_event_occurred_idx" on "audit_event" ("occurred_at", "id");`);
    this.addSql(`create index "audit_event_action_idx" on "audit_event" ("action", "occurred_at");`);
    this.addSql(`create index "audit_event_actor_idx" on "audit_event" ("actor_id", "occurred_at");`);
  }
}
