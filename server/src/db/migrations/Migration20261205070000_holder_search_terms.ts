import { Migration } from "@mikro-orm/migrations";

/**
 * The holders search ("the email or the lower-cased name contains the text") read from an index
 * whose cost grows with the holders that match, not with the registry.
 *
 * `holder_search_terms(email, name)` is every suffix of the email and of the lower-cased name, as
 * the lexemes of a tsvector (taken verbatim by `array_to_tsvector`: no parser, no stemming). A
 * holder contains the text exactly when one of its suffixes starts with it, which is the tsquery
 * prefix match `'text':*`; a GIN index over the suffixes answers it by reading only the entries
 * that start with the text, and PostgreSQL keeps it exact in the transaction of every write of a
 * holder, whichever code path makes it. The trigram indexes it replaces for names answered the
 * same question from trigram posting lists that hold nearly every holder.
 *
 * Evaluating the function row by row is costly (it builds every suffix): through the index it is
 * never evaluated (the GIN match of a plain prefix query is exact), and the search states it after
 * the cheap LIKE, which alone decides what matches, so a walk of the email order evaluates it only
 * for holders that match (`holder.search.ts`). Its declared cost stays the default: a higher one
 * inflates every plan that mentions it past the thresholds at which PostgreSQL compiles a plan
 * with JIT, which costs far more than the search.
 *
 * The name trigram index goes: a bitmap of it combined with this index would make PostgreSQL
 * recheck (evaluate the function for) every row found. The email trigram index stays for the keys
 * search's holder arm.
 */
export class Migration20261205070000_holder_search_terms extends Migration {
  override name = "Migration20261205070000_holder_search_terms";

  override up(): void | Promise<void> {
    this.addSql(`create function holder_search_terms(email text, name text) returns tsvector
      language sql immutable strict parallel safe as $$
        select array_to_tsvector(array(
          select substr(t, i) from unnest(array[email, lower(name)]) t, generate_series(1, length(t)) i)) $$;`);
    // The backfill: building the index computes every holder's suffixes.
    this.addSql(
      `create index "holder_search_idx" on "holder" using gin (holder_search_terms(email, name)) with (fastupdate = off);`,
    );
    this.addSql(`drop index "holder_name_trgm_idx";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index holder_name_trgm_idx on holder using gin (lower(name) gin_trgm_ops);`);
    this.addSql(`drop index "holder_search_idx";`);
    this.addSql(`drop function holder_search_terms(text, text);`);
  }
}
