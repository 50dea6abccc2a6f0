import { Migration } from "@mikro-orm/migrations";

/** Indexes the keys list's filters need at scale (the index-use test names the statements). */
export class Migration20261204150000_key_list_indexes extends Migration {
  override name = "Migration20261204150000_key_list_indexes";

  override up(): void | Promise<void> {
    // Search by prefix is a left-anchored LIKE: varchar_pattern_ops serves it under any collation.
    this.addSql(`create index "api_key_prefix_idx" on "api_key" ("prefix" varchar_pattern_ops);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "api_key_prefix_idx";`);
  }
}
