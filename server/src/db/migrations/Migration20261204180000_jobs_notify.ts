import { Migration } from "@mikro-orm/migrations";

/**
 * Notices and webhooks. The tables of the `notify` module, and the transactional outbox: a
 * statement trigger on `audit_event` that, for each recorded change someone is told about, adds a
 * `notify_audit` job to the job queue (graphile-worker's `add_jobs`, in its own schema, which
 * `migrate` installs right after these migrations) in the same transaction as the change. A
 * rolled-back change leaves no job; a committed one always has its job. The function runs as its
 * owner, so the server's role needs no right on the queue's functions to write a change.
 */
export class Migration20261204180000_jobs_notify extends Migration {
  override name = "Migration20261204180000_jobs_notify";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "notice_message" ("id" bigserial primary key, "dedupe_key" varchar(300) not null, "category" varchar(32) not null, "recipient" varchar(254) not null, "subject" varchar(300) not null, "text_body" text not null, "html_body" text not null, "status" varchar(8) not null default 'PENDING', "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz(3) not null default now(), "sent_at" timestamptz(3) null);`,
    );
    this.addSql(`alter table "notice_message" add constraint "notice_message_dedupe_key" unique ("dedupe_key");`);
    this.addSql(`create index "notice_message_created_idx" on "notice_message" ("created_at", "id");`);
    this.addSql(
      `create table "notify_category_setting" ("category" varchar(32) not null, "enabled" boolean not null default true, "updated_at" timestamptz(3) not null default now(), primary key ("category"));`,
    );
    this.addSql(
      `create table "webhook_delivery" ("id" varchar(40) not null, "endpoint_id" uuid not null, "dedupe_key" varchar(300) not null, "event_type" varchar(64) not null, "payload" jsonb not null, "status" varchar(9) not null default 'PENDING', "attempts" int not null default 0, "last_status_code" int null, "last_error" text null, "last_attempt_at" timestamptz(3) null, "delivered_at" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_dedupe_key" unique ("dedupe_key");`);
    this.addSql(`create index "webhook_delivery_endpoint_idx" on "webhook_delivery" ("endpoint_id", "created_at");`);
    this.addSql(
      `create table "webhook_endpoint" ("id" uuid not null, "url" varchar(2048) not null, "description" text null, "event_types" text[] not null, "secret" varchar(100) not null, "status" varchar(8) not null default 'ACTIVE', "failing_since" timestamptz(3) null, "created_at" timestamptz(3) not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create table "job_worker" ("worker_id" varchar(64) not null, "backend_pid" int not null, "started_at" timestamptz(3) not null default now(), primary key ("worker_id"));`,
    );
    this.addSql(`create function notify_enqueue_audit() returns trigger language plpgsql security definer
      set search_path = pg_catalog, public, pg_temp as $$
      begin
        -- No typed variable here: the queue's schema is installed after this function is created.
        if exists (select from new_rows n where n.action in (
             'api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.reassigned',
             'collaborator.added', 'collaborator.removed', 'user.offboarded',
             'group_email.member_removed', 'leaver_case.opened')) then
          perform graphile_worker.add_jobs(array(
            select row('notify_audit', json_build_object('auditEventId', n.id::text), null, null, null, null, null, null)::graphile_worker.job_spec
              from new_rows n
             where n.action in ('api_key.created', 'api_key.rotated', 'api_key.revoked', 'api_key.reassigned',
                                'collaborator.added', 'collaborator.removed', 'user.offboarded',
                                'group_email.member_removed', 'leaver_case.opened')
             order by n.id));
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger audit_event_notify after insert on audit_event
      referencing new table as new_rows for each statement execute function notify_enqueue_audit();`);
  }

  override down(): void | Promise<void> {
    this.addSql("drop trigger if exists audit_event_notify on audit_event;");
    this.addSql("drop function if exists notify_enqueue_audit();");
    this.addSql(`drop table if exists "job_worker" cascade;`);
    this.addSql(`drop table if exists "notice_message" cascade;`);
    this.addSql(`drop table if exists "notify_category_setting" cascade;`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);
  }
}
