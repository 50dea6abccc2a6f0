import { Migration } from "@mikro-orm/migrations";

/**
 * The identity an imported key was imported as, kept when the key is later rotated or renamed: the
 * SHA-256 digest the file gave, or `holder id/environment/name/prefix` for a key without one. A
 * re-import matches it, so a rotated key is not created again with its retired secret. Keys
 * imported so far and not rotated since get theirs from what they still hold.
 */
export class Migration20261204185100_imported_key_identity extends Migration {
  override name = "Migration20261204185100_imported_key_identity";

  override up(): void | Promise<void> {
    this.addSql(`alter table "api_key" add "imported_as" text null;`);
    this.addSql(`alter table "api_key" add constraint "api_key_imported_as_key" unique ("imported_as");`);
    this.addSql(
      `update "api_key" set "imported_as" = coalesce("secret_digest", "holder_id" || '/' || "environment" || '/' || "name" || '/' || "prefix")
        where "imported_at" is not null and "rotated_at" is null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_imported_as_key";`);
    this.addSql(`alter table "api_key" drop column "imported_as";`);
  }
}
