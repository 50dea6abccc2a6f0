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
 * The function is costly to evaluate (it builds every suffix), so it is declared so: the planner
 * then reads it through the index, or, walking the email index for a common text, evaluates it
 * after the cheap LIKE that the query also states (the LIKE alone decides what matches).
 *
 * The name trigram index goes: a bitmap of it combined with this index would make PostgreSQL
 * recheck (evaluate the function for) every row found. The email trigram index stays for the keys
 * search's holder arm.
 */
export class Migration20261205070000_holder_search_terms extends Migration {
  override name = "Migration20261205070000_holder_search_terms";

  override up(): void | Promise<void> {
    this.addSql(`create function holder_search_terms(email text, name text) returns tsvector
      language sql immutable strict parallel safe cost 10000 as $$
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
