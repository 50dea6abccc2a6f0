import { Migration } from "@mikro-orm/migrations";

export class Migration20261122060559_auth_and_precision extends Migration {
  override name = "Migration20261122060559_auth_and_precision";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "access_token" ("id" uuid not null, "user_id" uuid not null, "name" varchar(100) not null, "role" text not null, "prefix" varchar(32) not null, "digest" varchar(64) not null, "created_at" timestamptz(3) not null default now(), "expires_at" timestamptz(3) not null, "last_used_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, "revoked_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`alter table "access_token" add constraint "access_token_digest_key" unique ("digest");`);
    this.addSql(`create index "access_token_user_idx" on "access_token" ("user_id", "created_at");`);

    this.addSql(
      `create table "session" ("id" uuid not null, "user_id" uuid not null, "digest" varchar(64) not null, "created_at" timestamptz(3) not null default now(), "last_seen_at" timestamptz(3) not null default now(), "expires_at" timestamptz(3) not null, "ended_at" timestamptz(3) null, "end_reason" varchar(32) null, primary key ("id"));`,
    );
    this.addSql(`alter table "session" add constraint "session_digest_key" unique ("digest");`);
    this.addSql(`create index "session_user_idx" on "session" ("user_id", "ended_at");`);

    this.addSql(
      `alter table "audit_event" alter column "occurred_at" type timestamptz(3) using ("occurred_at"::timestamptz(3));`,
    );

    this.addSql(`alter table "holder" drop constraint "holder_user_fields";`);
    this.addSql(
      `alter table "holder" add "console_role" text null, add "password_hash" text null, add "failed_sign_ins" int null default 0, add "locked_until" timestamptz(3) null;`,
    );
    this.addSql(
      `alter table "holder" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "holder" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "holder" alter column "departed_at" type timestamptz(3) using ("departed_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "holder" add constraint "holder_group_fields" check (kind = 'USER' or (console_role is null and password_hash is null and locked_until is null));`,
    );
    this.addSql(
      `alter table "holder" add constraint "holder_console_role_check" check ("console_role" in ('VIEWER', 'OPERATOR', 'ADMIN'));`,
    );
    this.addSql(
      `alter table "holder" add constraint "holder_user_fields" check ((kind = 'USER') = (status is not null) and (departed_at is null or status = 'DEPARTED') and (status <> 'DEPARTED' or departed_at is not null));`,
    );

    this.addSql(
      `alter table "group_membership" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );

    this.addSql(
      `alter table "api_key" alter column "previous_secret_expires_at" type timestamptz(3) using ("previous_secret_expires_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "rotated_at" type timestamptz(3) using ("rotated_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "expires_at" type timestamptz(3) using ("expires_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "revoked_at" type timestamptz(3) using ("revoked_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "last_used_at" type timestamptz(3) using ("last_used_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "api_key" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`,
    );

    this.addSql(
      `alter table "service" alter column "archived_at" type timestamptz(3) using ("archived_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "service" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );
    this.addSql(
      `alter table "service" alter column "updated_at" type timestamptz(3) using ("updated_at"::timestamptz(3));`,
    );

    this.addSql(
      `alter table "collaborator" alter column "created_at" type timestamptz(3) using ("created_at"::timestamptz(3));`,
    );

    this.addSql(
      `alter table "access_token" add constraint "access_token_user_id_foreign" foreign key ("user_id") references "holder" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "access_token" add constraint "access_token_revoked_by_id_foreign" foreign key ("revoked_by_id") references "holder" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "access_token" add constraint "access_token_name_not_blank" check (length(btrim(name)) > 0);`,
    );
    this.addSql(
      `alter table "access_token" add constraint "access_token_role_check" check ("role" in ('VIEWER', 'OPERATOR', 'ADMIN'));`,
    );

    this.addSql(
      `alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "holder" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "access_token" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(
      `alter table "api_key" alter column "previous_secret_expires_at" type timestamptz(6) using ("previous_secret_expires_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "rotated_at" type timestamptz(6) using ("rotated_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "expires_at" type timestamptz(6) using ("expires_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "revoked_at" type timestamptz(6) using ("revoked_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "last_used_at" type timestamptz(6) using ("last_used_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "api_key" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`,
    );

    this.addSql(
      `alter table "audit_event" alter column "occurred_at" type timestamptz(6) using ("occurred_at"::timestamptz(6));`,
    );

    this.addSql(
      `alter table "collaborator" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );

    this.addSql(
      `alter table "group_membership" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );

    this.addSql(`alter table "holder" drop constraint "holder_group_fields";`);
    this.addSql(`alter table "holder" drop constraint "holder_console_role_check";`);
    this.addSql(`alter table "holder" drop constraint "holder_user_fields";`);
    this.addSql(
      `alter table "holder" drop column "console_role", drop column "password_hash", drop column "failed_sign_ins", drop column "locked_until";`,
    );
    this.addSql(
      `alter table "holder" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "holder" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "holder" alter column "departed_at" type timestamptz(6) using ("departed_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "holder" add constraint "holder_user_fields" check (((kind = 'USER'::text) = (status IS NOT NULL)) AND ((departed_at IS NULL) OR (status = 'DEPARTED'::text)));`,
    );

    this.addSql(
      `alter table "service" alter column "archived_at" type timestamptz(6) using ("archived_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "service" alter column "created_at" type timestamptz(6) using ("created_at"::timestamptz(6));`,
    );
    this.addSql(
      `alter table "service" alter column "updated_at" type timestamptz(6) using ("updated_at"::timestamptz(6));`,
    );
  }
}
