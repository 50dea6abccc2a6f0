import { Migration } from "@mikro-orm/migrations";

/**
 * The active ADMINs, by email: the notices of a key's rotation, revocation or reassignment (one
 * `notify_audit` job per event) and the reminders copy them (`adminEmails`), and an offboarding
 * checks that it does not remove the last of them. Each read every holder before (a scan of
 * 1,662 pages, 20–30 ms, at 100,000 holders, once per notified event); the index holds only the
 * few ADMINs, so each is a read of one or two pages however many holders there are.
 */
export class Migration20261205113000_holder_active_admins extends Migration {
  override name = "Migration20261205113000_holder_active_admins";

  override up(): void | Promise<void> {
    this.addSql(
      `create index "holder_active_admin_idx" on "holder" ("email") where console_role = 'ADMIN' and status = 'ACTIVE';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "holder_active_admin_idx";`);
  }
}
