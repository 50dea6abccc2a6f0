import { Migration } from "@mikro-orm/migrations";

/**
 * The departed users, by id: the risks overview finds the newest active keys of departed users by
 * walking the keys newest first and asking, key by key, whether the holder has left (one user in
 * thirteen in the bench's registry: ~350 keys for 20 items, whatever the registry's size). Asked of
 * the holder's primary key, each answer read the index and the holder's row, four pages at a
 * million keys; asked of this index of the few departed users, a key of anyone else is turned
 * away after two index pages (one at 10,000 keys) and no row.
 */
export class Migration20261205070200_holder_departed extends Migration {
  override name = "Migration20261205070200_holder_departed";

  override up(): void | Promise<void> {
    this.addSql(`create index "holder_departed_idx" on "holder" ("id") where kind = 'USER' and status = 'DEPARTED';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "holder_departed_idx";`);
  }
}
