import { Migration } from "@mikro-orm/migrations";

/**
 * The keys list's sorts (each sort value with the id, for keyset pages), a key's suspension, and
 * bulk revocations remembered under their idempotency key.
 */
export class Migration20261204181500_key_controls extends Migration {
  override name = "Migration20261204181500_key_controls";

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "api_key" add column "suspended_at" timestamptz(3) null, add column "suspended_reason" text null;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_suspension_fields" check ((suspended_at is null) = (suspended_reason is null));`,
    );
    this.addSql(`create index "api_key_name_sort_idx" on "api_key" ((lower(name)), "id");`);
    this.addSql(
      `create index "api_key_last_used_sort_idx" on "api_key" ((coalesce(last_used_at, '-infinity'::timestamptz)), "id");`,
    );
    this.addSql(
      `create index "api_key_expires_sort_idx" on "api_key" ((coalesce(expires_at, 'infinity'::timestamptz)), "id");`,
    );
    this.addSql(
      `create table "key_revocation_record" ("idempotency_key" varchar(200) not null, "request" varchar(64) not null, "result" jsonb not null, "created_at" timestamptz(3) not null default now(), primary key ("idempotency_key"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table "key_revocation_record";`);
    this.addSql(`drop index "api_key_expires_sort_idx";`);
    this.addSql(`drop index "api_key_last_used_sort_idx";`);
    this.addSql(`drop index "api_key_name_sort_idx";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_suspension_fields";`);
    this.addSql(`alter table "api_key" drop column "suspended_at", drop column "suspended_reason";`);
  }
}
