import { Migration } from "@mikro-orm/migrations";

/**
 * The holders in email order with their names and ids: a holders search walks this order checking
 * the email and the lower-cased name with the LIKE (`holderSearchPage`), and with both (and the
 * id it returns) in the index the walk reads no holder row. A text that many holders contain but
 * only far into the order (`user`: 80,000 holders after 20,000 `team…` ones at 1M keys) is found by
 * walking past those 20,000 entries, ~200 pages, instead of reading each of their rows or every
 * match from the suffix index.
 */
export class Migration20261205093100_holder_email_name extends Migration {
  override name = "Migration20261205093100_holder_email_name";

  override up(): void | Promise<void> {
    this.addSql(`create index "holder_email_name_idx" on "holder" ("email") include ("name", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "holder_email_name_idx";`);
  }
}
