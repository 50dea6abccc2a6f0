import { Migration } from "@mikro-orm/migrations";

export class Migration20261122054119_initial extends Migration {
  override name = "Migration20261122054119_initial";

  override up(): void | Promise<void> {
    // Trigram indexes serve the API's substring search on emails, names and slugs.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create table "audit_event" ("id" bigserial primary key, "occurred_at" timestamptz not null default now(), "actor_id" uuid null, "actor_label" varchar(254) not null, "credential_kind" varchar(16) not null, "credential_id" uuid null, "action" varchar(64) not null, "subject_type" varchar(32) not null, "subject_id" varchar(64) not null, "before" jsonb null, "after" jsonb null, "reason" text null, "request_id" varchar(64) null);`,
    );
    this.addSql(`create index "audit_event_action_idx" on "audit_event" ("action", "occurred_at");`);
    this.addSql(
      `create index "audit_event_subject_idx" on "audit_event" ("subject_type", "subject_id", "occurred_at");`,
    );
    this.addSql(`create index "audit_event_actor_idx" on "audit_event" ("actor_id", "occurred_at");`);
    this.addSql(`create index "audit_event_occurred_idx" on "audit_event" ("occurred_at", "id");`);

    this.addSql(
      `create table "holder" ("id" uuid not null, "kind" text not null, "email" varchar(254) not null, "name" varchar(200) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "status" text null, "departed_at" timestamptz null, "description" text null, primary key ("id"));`,
    );
    this.addSql(`create index "holder_kind_index" on "holder" ("kind");`);
    this.addSql(`alter table "holder" add constraint "holder_email_key" unique ("email");`);
    this.addSql(`create index holder_name_trgm_idx on holder using gin (lower(name) gin_trgm_ops);`);
    this.addSql(`create index holder_email_trgm_idx on holder using gin (email gin_trgm_ops);`);
    this.addSql(`create index "holder_kind_email_idx" on "holder" ("kind", "email");`);
    this.addSql(`create index "holder_status_email_idx" on "holder" ("status", "email");`);

    this.addSql(
      `create table "group_membership" ("group_id" uuid not null, "user_id" uuid not null, "created_at" timestamptz not null default now(), primary key ("group_id", "user_id"));`,
    );
    this.addSql(`create index "group_membership_user_idx" on "group_membership" ("user_id");`);

    this.addSql(
      `create table "api_key" ("id" uuid not null, "name" varchar(200) not null, "environment" text not null, "holder_id" uuid not null, "prefix" varchar(32) not null, "secret_digest" varchar(64) not null, "previous_prefix" varchar(32) null, "previous_secret_digest" varchar(64) null, "previous_secret_expires_at" timestamptz null, "rotated_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "revoked_by_id" uuid null, "revoked_reason" text null, "last_used_at" timestamptz null, "version" int not null default 1, "created_at" timestamptz not null default now(), "created_by_id" uuid null, "updated_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_secret_digest_key" unique ("secret_digest");`);
    this.addSql(
      `alter table "api_key" add constraint "api_key_previous_secret_digest_key" unique ("previous_secret_digest");`,
    );
    this.addSql(`create index api_key_name_trgm_idx on api_key using gin (lower(name) gin_trgm_ops);`);
    this.addSql(`create index "api_key_last_used_idx" on "api_key" ("last_used_at");`);
    this.addSql(`create index "api_key_revoked_idx" on "api_key" ("revoked_at");`);
    this.addSql(`create index "api_key_expires_idx" on "api_key" ("expires_at");`);
    this.addSql(`create index "api_key_environment_created_idx" on "api_key" ("environment", "created_at");`);
    this.addSql(`create index "api_key_holder_idx" on "api_key" ("holder_id", "created_at");`);
    this.addSql(`create index "api_key_created_idx" on "api_key" ("created_at", "id");`);

    this.addSql(
      `create table "service" ("id" uuid not null, "slug" varchar(63) not null, "name" varchar(200) not null, "description" text null, "archived_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "service" add constraint "service_slug_key" unique ("slug");`);
    this.addSql(`create index service_slug_trgm_idx on service using gin (slug gin_trgm_ops);`);
    this.addSql(`create index service_name_trgm_idx on service using gin (lower(name) gin_trgm_ops);`);

    this.addSql(
      `create table "collaborator" ("id" uuid not null, "service_id" uuid not null, "holder_id" uuid not null, "role" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "collaborator_service_role_idx" on "collaborator" ("service_id", "role");`);
    this.addSql(`create index "collaborator_holder_role_idx" on "collaborator" ("holder_id", "role");`);
    this.addSql(
      `alter table "collaborator" add constraint "collaborator_service_holder_role_key" unique ("service_id", "holder_id", "role");`,
    );

    this.addSql(
      `create or replace function "audit_event_audit_event_append_only_fn"() returns trigger as $$ begin raise exception 'audit_event is append-only' using errcode = '42501'; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "audit_event_append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_audit_event_append_only_fn"();`,
    );
    this.addSql(
      `create or replace function "audit_event_audit_event_no_truncate_fn"() returns trigger as $$ begin raise exception 'audit_event is append-only' using errcode = '42501'; end; $$ language plpgsql;`,
    );
    this.addSql(
      `create trigger "audit_event_no_truncate" BEFORE TRUNCATE on "audit_event" for each STATEMENT execute function "audit_event_audit_event_no_truncate_fn"();`,
    );

    this.addSql(
      `alter table "holder" add constraint "holder_user_fields" check ((kind = 'USER') = (status is not null) and (departed_at is null or status = 'DEPARTED'));`,
    );
    this.addSql(
      `alter table "holder" add constraint "holder_email_normalised" check (email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$');`,
    );
    this.addSql(`alter table "holder" add constraint "holder_kind_check" check ("kind" in ('USER', 'GROUP'));`);
    this.addSql(
      `alter table "holder" add constraint "holder_status_check" check ("status" in ('ACTIVE', 'DEPARTED'));`,
    );

    this.addSql(
      `alter table "group_membership" add constraint "group_membership_group_id_foreign" foreign key ("group_id") references "holder" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "group_membership" add constraint "group_membership_user_id_foreign" foreign key ("user_id") references "holder" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create or replace function "group_membership_group_membership_kinds_fn"() returns trigger as $$ begin if (select kind from holder where id = new.group_id) is distinct from 'GROUP' then
  raise exception 'group_membership.group_id must reference a group email' using errcode = '23514'; end if; if (select kind from holder where id = new.user_id) is distinct from 'USER' then
  raise exception 'group_membership.user_id must reference a user' using errcode = '23514'; end if; return new; end; $$ language plpgsql;`);
    this.addSql(
      `create trigger "group_membership_kinds" BEFORE INSERT OR UPDATE on "group_membership" for each ROW execute function "group_membership_group_membership_kinds_fn"();`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_holder_id_foreign" foreign key ("holder_id") references "holder" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_revoked_by_id_foreign" foreign key ("revoked_by_id") references "holder" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "holder" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_revocation_fields" check ((revoked_at is null) = (revoked_reason is null));`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_previous_secret_pair" check ((previous_secret_digest is null) = (previous_secret_expires_at is null));`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_digest_format" check (secret_digest ~ '^[0-9a-f]{64}$');`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_name_not_blank" check (length(btrim(name)) > 0);`);
    this.addSql(
      `alter table "api_key" add constraint "api_key_environment_check" check ("environment" in ('STAGING', 'PRODUCTION'));`,
    );

    this.addSql(
      `alter table "service" add constraint "service_slug_format" check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$');`,
    );

    this.addSql(
      `alter table "collaborator" add constraint "collaborator_service_id_foreign" foreign key ("service_id") references "service" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "collaborator" add constraint "collaborator_holder_id_foreign" foreign key ("holder_id") references "holder" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "collaborator" add constraint "collaborator_role_check" check ("role" in ('ADMIN', 'BILLING', 'VIEWER'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "group_membership" drop constraint "group_membership_group_id_foreign";`);
    this.addSql(`alter table "group_membership" drop constraint "group_membership_user_id_foreign";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_holder_id_foreign";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_revoked_by_id_foreign";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_created_by_id_foreign";`);
    this.addSql(`alter table "collaborator" drop constraint "collaborator_holder_id_foreign";`);
    this.addSql(`alter table "collaborator" drop constraint "collaborator_service_id_foreign";`);

    this.addSql(`drop trigger if exists "audit_event_append_only" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_audit_event_append_only_fn"();`);
    this.addSql(`drop trigger if exists "audit_event_no_truncate" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_audit_event_no_truncate_fn"();`);
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "holder" cascade;`);
    this.addSql(`drop trigger if exists "group_membership_kinds" on "group_membership";`);
    this.addSql(`drop function if exists "group_membership_group_membership_kinds_fn"();`);
    this.addSql(`drop table if exists "group_membership" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "service" cascade;`);
    this.addSql(`drop table if exists "collaborator" cascade;`);
  }
}
