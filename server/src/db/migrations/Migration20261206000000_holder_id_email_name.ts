import { Migration } from "@mikro-orm/migrations";

/**
 * The holders by id with their emails and names. A holders search guesses how many holders contain
 * its text from a sample of the first holders in the order of their random ids
 * (`holderSearchPage`): through the primary key each sampled holder's row was read, one page each
 * once the registry is larger than a few hundred pages (250 pages at 1M keys against ~25 at 10k).
 * This index answers the sample from three of its own pages at any size, and a key's holder's
 * email, which a keys search asks for each key it walks (`holderEmailContains`), without the row.
 * PostgreSQL may also probe it instead of the primary key for a holder by id.
 */
export class Migration20261206000000_holder_id_email_name extends Migration {
  override name = "Migration20261206000000_holder_id_email_name";

  override up(): void | Promise<void> {
    this.addSql(`create index "holder_id_email_name_idx" on "holder" ("id") include ("email", "name");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "holder_id_email_name_idx";`);
  }
}
