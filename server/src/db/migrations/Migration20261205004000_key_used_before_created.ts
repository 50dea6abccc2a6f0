import { Migration } from "@mikro-orm/migrations";

/**
 * The keys last used before they were created (imported with an earlier last use, or a clock
 * ahead of the one that stamped the creation): the few unused keys that a walk of the newest
 * keys from the unused window's start does not reach (see `keyFilterParts`).
 */
export class Migration20261205004000_key_used_before_created extends Migration {
  override name = "Migration20261205004000_key_used_before_created";

  override up(): void | Promise<void> {
    this.addSql(
      `create index "api_key_used_before_created_idx" on "api_key" ("created_at", "id") where last_used_at < created_at;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "api_key_used_before_created_idx";`);
  }
}
