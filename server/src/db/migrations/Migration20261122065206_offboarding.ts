import { Migration } from "@mikro-orm/migrations";

export class Migration20261122065206_offboarding extends Migration {
  override name = "Migration20261122065206_offboarding";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "offboarding_record" ("idempotency_key" varchar(200) not null, "user_id" uuid not null, "result" jsonb not null, "created_at" timestamptz(3) not null default now(), primary key ("idempotency_key"));`,
    );
    this.addSql(`create index "offboarding_record_user_idx" on "offboarding_record" ("user_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "offboarding_record" cascade;`);
  }
}
