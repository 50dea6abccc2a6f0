import { Migration } from "@mikro-orm/migrations";

/**
 * The ids of the group emails, and of the users, each in an index of its own. A keys page filtered
 * by holder kind walks the newest keys and asks, for each, whether its holder is of that kind: a
 * probe of the holder's primary key and a read of its row (three buffers at 100k keys, a level
 * more at 1M). The kind's own index answers from the index alone, and the groups' is a fifth as
 * deep: two buffers a key (the bench's 100k registry: 765 → 511 buffers for a page of groups' keys).
 */
export class Migration20261205181000_holder_ids_by_kind extends Migration {
  override name = "Migration20261205181000_holder_ids_by_kind";

  override up(): void | Promise<void> {
    this.addSql(`create index "holder_group_ids_idx" on "holder" ("id") where kind = 'GROUP';`);
    this.addSql(`create index "holder_user_ids_idx" on "holder" ("id") where kind = 'USER';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "holder_user_ids_idx";`);
    this.addSql(`drop index "holder_group_ids_idx";`);
  }
}
