import { Migration } from "@mikro-orm/migrations";

/**
 * Each holder's unrevoked keys newest first: a list limited to a few holders (the keys working on
 * a service: its Billing collaborators') walks each holder's keys in the list's order and stops
 * after a page, instead of walking every key of the registry (see `keyFilterHolders`).
 */
export class Migration20261205041000_key_holder_active_created extends Migration {
  override name = "Migration20261205041000_key_holder_active_created";

  override up(): void | Promise<void> {
    this.addSql(
      `create index "api_key_holder_active_created_idx" on "api_key" ("holder_id", "created_at", "id") where revoked_at is null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "api_key_holder_active_created_idx";`);
  }
}
