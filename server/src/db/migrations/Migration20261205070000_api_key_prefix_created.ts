import { Migration } from "@mikro-orm/migrations";

/**
 * The prefix index holds each key's creation and id too, so the keys list's search by prefix
 * (`keySearchParts`) finds its page from the index alone: the keys whose prefix starts with the
 * text, newest first, without reading each match. `kh_live_ab` matches one key in 384, so the
 * list read ~18,000 keys of the creation index at a million keys to find 51; the range is ~2,600
 * index entries. It replaces `api_key_prefix_idx`, whose lookups (equal, left-anchored) it serves.
 *
 * Which of the two a page takes (the range and a sort of its entries, or a walk of the creation
 * index that stops after the page, for a prefix most keys share such as `kh_`) is the planner's
 * estimate of the range's keys, from the prefix's histogram. With the default 100 buckets a
 * range inside one bucket is estimated at 1% of the keys, which at a million keys is where the
 * walk looks cheaper (10,202 estimated, 2,648 found, and the walk read 18,000 keys); 1,000 buckets
 * estimate it at 2,022. ANALYZE then samples 300,000 keys instead of 30,000.
 */
export class Migration20261205070000_api_key_prefix_created extends Migration {
  override name = "Migration20261205070000_api_key_prefix_created";

  override up(): void | Promise<void> {
    this.addSql(
      `create index "api_key_prefix_created_idx" on "api_key" ("prefix" varchar_pattern_ops, "created_at", "id");`,
    );
    this.addSql(`drop index "api_key_prefix_idx";`);
    this.addSql(`alter table "api_key" alter column "prefix" set statistics 1000;`);
    this.addSql(`analyze "api_key" ("prefix");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "api_key" alter column "prefix" set statistics -1;`);
    this.addSql(`create index "api_key_prefix_idx" on "api_key" ("prefix" varchar_pattern_ops);`);
    this.addSql(`drop index "api_key_prefix_created_idx";`);
  }
}
