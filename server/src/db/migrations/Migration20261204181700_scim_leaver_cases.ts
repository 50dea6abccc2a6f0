import { Migration } from "@mikro-orm/migrations";

/**
 * Leaver cases (a user the identity provider deactivated, waiting for an offboarding decision) and
 * SCIM clients (identity providers with a bearer token of their own, stored as a digest). A user
 * becoming DEPARTED closes their open case in the same transaction, whichever path departs them,
 * by a trigger that runs as the owner with a fixed search path (the server's role only calls it
 * by updating `holder`). The server's role gets the usual grants on both tables from the default
 * privileges (`grantRuntimeRole`).
 */
export class Migration20261204181700_scim_leaver_cases extends Migration {
  override name = "Migration20261204181700_scim_leaver_cases";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "leaver_case" ("id" uuid not null, "user_id" uuid not null, "opened_at" timestamptz(3) not null, "opened_by" varchar(254) not null, "closed_at" timestamptz(3) null, "closed_by" varchar(254) null, "resolution" text null, primary key ("id"));`,
    );
    this.addSql(`create index "leaver_case_opened_idx" on "leaver_case" ("opened_at", "id");`);
    this.addSql(`create unique index leaver_case_open_user_key on leaver_case (user_id) where closed_at is null;`);
    this.addSql(
      `alter table "leaver_case" add constraint "leaver_case_user_id_foreign" foreign key ("user_id") references "holder" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "leaver_case" add constraint "leaver_case_closed_fields" check ((closed_at is null) = (resolution is null));`,
    );
    this.addSql(
      `alter table "leaver_case" add constraint "leaver_case_resolution_check" check ("resolution" in ('OFFBOARDED', 'REACTIVATED'));`,
    );

    this.addSql(
      `create table "scim_client" ("id" uuid not null, "name" varchar(100) not null, "prefix" varchar(32) not null, "digest" varchar(64) not null, "created_at" timestamptz(3) not null default now(), "created_by" varchar(254) not null, "revoked_at" timestamptz(3) null, primary key ("id"));`,
    );
    this.addSql(`create unique index scim_client_live_name_key on scim_client (name) where revoked_at is null;`);
    this.addSql(`alter table "scim_client" add constraint "scim_client_digest_key" unique ("digest");`);
    this.addSql(
      `alter table "scim_client" add constraint "scim_client_name_not_blank" check (length(btrim(name)) > 0);`,
    );

    this.addSql(`create function leaver_case_on_departure() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
      begin
        update leaver_case set closed_at = now(), resolution = 'OFFBOARDED'
         where user_id = new.id and closed_at is null;
        return null;
      end $$;`);
    this.addSql("revoke execute on function leaver_case_on_departure() from public;");
    this.addSql(`create trigger leaver_case_departed after update of status on holder for each row
      when (new.status = 'DEPARTED' and old.status is distinct from new.status)
      execute function leaver_case_on_departure();`);
  }

  override down(): void | Promise<void> {
    this.addSql("drop trigger if exists leaver_case_departed on holder;");
    this.addSql("drop function if exists leaver_case_on_departure();");
    this.addSql(`drop table if exists "leaver_case" cascade;`);
    this.addSql(`drop table if exists "scim_client" cascade;`);
  }
}
