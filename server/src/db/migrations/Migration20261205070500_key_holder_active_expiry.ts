import { Migration } from "@mikro-orm/migrations";

/**
 * Each holder's unrevoked keys carry their expiry in the index, so that a holder's active keys are
 * counted from the index alone (the offboarding plan of a leaver with 10,000 keys read as many
 * heap pages, scattered over a large registry, to test each key's expiry).
 */
export class Migration20261205070500_key_holder_active_expiry extends Migration {
  override name = "Migration20261205070500_key_holder_active_expiry";

  override up(): void | Promise<void> {
    this.addSql(`drop index "api_key_holder_active_created_idx";`);
    this.addSql(
      `create index "api_key_holder_active_created_idx" on "api_key" ("holder_id", "created_at", "id") include ("expires_at") where revoked_at is null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "api_key_holder_active_created_idx";`);
    this.addSql(
      `create index "api_key_holder_active_created_idx" on "api_key" ("holder_id", "created_at", "id") where revoked_at is null;`,
    );
  }
}
