import { Migration } from "@mikro-orm/migrations";

/**
 * Idempotency keys bound to their request: an offboarding's record keeps the hash of its
 * parameters (older records have none and stay bound to their user), and a key created under an
 * idempotency key is recorded with its own.
 */
export class Migration20261204180100_idempotency_bound_to_request extends Migration {
  override name = "Migration20261204180100_idempotency_bound_to_request";

  override up(): void | Promise<void> {
    this.addSql(`alter table "offboarding_record" add column "request_hash" char(64) null;`);
    this.addSql(
      `create table "api_key_creation" ("idempotency_key" varchar(200) not null, "request_hash" char(64) not null, "key_id" uuid not null, "warnings" jsonb not null, "created_at" timestamptz(3) not null default now(), primary key ("idempotency_key"));`,
    );
    this.addSql(`create index "api_key_creation_key_idx" on "api_key_creation" ("key_id");`);
    this.addSql(
      `alter table "api_key_creation" add constraint "api_key_creation_key_id_foreign" foreign key ("key_id") references "api_key" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_key_creation" cascade;`);
    this.addSql(`alter table "offboarding_record" drop column "request_hash";`);
  }
}
