import { Migration } from "@mikro-orm/migrations";

/** An access token by its prefix, as the audit log's subject filter looks it up. */
export class Migration20261204160000_access_token_prefix extends Migration {
  override name = "Migration20261204160000_access_token_prefix";

  override up(): void | Promise<void> {
    this.addSql(`create index "access_token_prefix_idx" on "access_token" ("prefix");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "access_token_prefix_idx";`);
  }
}
