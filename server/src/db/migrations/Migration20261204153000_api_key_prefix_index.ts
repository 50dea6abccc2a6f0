import { Migration } from "@mikro-orm/migrations";

export class Migration20261204153000_api_key_prefix_index extends Migration {
  override name = "Migration20261204153000_api_key_prefix_index";

  override up(): void | Promise<void> {
    this.addSql(`create index if not exists "api_key_prefix_idx" on "api_key" ("prefix" varchar_pattern_ops);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "api_key_prefix_idx";`);
  }
}
