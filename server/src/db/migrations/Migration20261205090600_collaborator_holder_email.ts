import { Migration } from "@mikro-orm/migrations";

/**
 * A service's collaborators are listed by role, then holder email. Each role carries its holder's
 * email (`holder_email`, kept by the triggers below in the transaction of every write), and the
 * service's index holds the whole order and every column the list reads of the role, so a page of
 * collaborators is picked from that index alone and only the roles on the page look up their
 * holder. Before, a services page of 50 read each role's row and each role's holder to sort them
 * (~1,900 scattered collaborator pages and ~1,900 holders at a million keys, for ~1,000 roles shown).
 *
 * The email is copied under the holder's `FOR KEY SHARE` lock, the one the foreign key takes too:
 * the email is unique, so changing it takes the row's strongest lock, and a concurrent change of the
 * email either commits first (and its new value is read) or waits for the role, then updates it,
 * while writes to the holder's other columns (its status, its name) do not wait for the role. A role
 * whose holder does not exist keeps a null email, so that the foreign key refuses it as before.
 */
export class Migration20261205090600_collaborator_holder_email extends Migration {
  override name = "Migration20261205090600_collaborator_holder_email";

  override up(): void | Promise<void> {
    this.addSql(`alter table "collaborator" add column "holder_email" varchar(254) null;`);
    // One statement writes every role (~380,000 at a million keys): longer than a request may take.
    this.addSql("set local statement_timeout = 0;");
    // No holder changes until the trigger that carries an email change to the roles exists: an
    // email changed between the backfill's read and that trigger would stay stale on its roles.
    this.addSql("lock table holder in share mode;");
    // The risk summaries' triggers on collaborator read no email: the backfill leaves them as they are.
    this.addSql(`alter table collaborator disable trigger risk_collaborator_updated;`);
    this.addSql(`alter table collaborator disable trigger risk_works_collaborator_updated;`);
    this.addSql(`update collaborator c set holder_email = h.email from holder h where h.id = c.holder_id;`);
    this.addSql(`alter table collaborator enable trigger risk_collaborator_updated;`);
    this.addSql(`alter table collaborator enable trigger risk_works_collaborator_updated;`);
    this.addSql(`create function collaborator_holder_email() returns trigger language plpgsql as $$
      begin
        select h.email into new.holder_email from holder h where h.id = new.holder_id for key share;
        return new;
      end $$;`);
    this.addSql(`create trigger collaborator_holder_email before insert or update of holder_id, holder_email on collaborator
      for each row execute function collaborator_holder_email();`);
    this.addSql(`create function holder_email_to_collaborators() returns trigger language plpgsql as $$
      begin
        update collaborator set holder_email = new.email where holder_id = new.id;
        return null;
      end $$;`);
    this.addSql(`create trigger holder_email_to_collaborators after update of email on holder
      for each row when (old.email is distinct from new.email) execute function holder_email_to_collaborators();`);
    this.addSql(`drop index "collaborator_service_role_idx";`);
    this.addSql(
      `create index "collaborator_service_role_idx" on "collaborator" ("service_id", "role", "holder_email", "id") include ("holder_id", "created_at");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "collaborator_service_role_idx";`);
    this.addSql(`create index "collaborator_service_role_idx" on "collaborator" ("service_id", "role");`);
    this.addSql(`drop trigger holder_email_to_collaborators on holder;`);
    this.addSql(`drop function holder_email_to_collaborators();`);
    this.addSql(`drop trigger collaborator_holder_email on collaborator;`);
    this.addSql(`drop function collaborator_holder_email();`);
    this.addSql(`alter table "collaborator" drop column "holder_email";`);
  }
}
