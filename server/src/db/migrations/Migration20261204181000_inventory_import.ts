import { Migration } from "@mikro-orm/migrations";

/**
 * Keys brought in by an inventory import: when they were imported, and the digest becomes
 * optional for them only (a key imported without its secret's digest is tracked but cannot be
 * verified here). The partial index serves the verifier's list of imported display prefixes.
 */
export class Migration20261204181000_inventory_import extends Migration {
  override name = "Migration20261204181000_inventory_import";

  override up(): void | Promise<void> {
    this.addSql(`alter table "api_key" add "imported_at" timestamptz(3) null;`);
    this.addSql(`alter table "api_key" alter column "secret_digest" drop not null;`);
    this.addSql(
      `alter table "api_key" add constraint "api_key_digest_or_imported" check (secret_digest is not null or imported_at is not null);`,
    );
    this.addSql(
      `create index "api_key_imported_prefix_idx" on "api_key" ("prefix") where imported_at is not null and secret_digest is not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "api_key_imported_prefix_idx";`);
    this.addSql(`alter table "api_key" drop constraint "api_key_digest_or_imported";`);
    this.addSql(`alter table "api_key" alter column "secret_digest" set not null;`);
    this.addSql(`alter table "api_key" drop column "imported_at";`);
  }
}
