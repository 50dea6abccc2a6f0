import { Migration } from "@mikro-orm/migrations";

/**
 * A key's id never changes. The key counts' update trigger (Migration20261205040000_api_key_counts)
 * pairs each key's old and new row by id to find what moved between buckets: an update that
 * changed the id too (and, say, revoked the key) would be paired with nothing and left uncounted.
 * Nothing in the server changes an id; this refuses it from anywhere else, as `holder_kind_unchanged`
 * does for the holder's kind.
 */
export class Migration20261205050100_api_key_id_unchanged extends Migration {
  override name = "Migration20261205050100_api_key_id_unchanged";

  override up(): void | Promise<void> {
    this.addSql(`create function api_key_id_unchanged() returns trigger language plpgsql as $$
   begin
     raise exception 'a key''s id never changes' using errcode = 'check_violation';
   end $$;`);
    this.addSql(`create trigger api_key_id_unchanged before update of id on api_key for each row
     when (old.id is distinct from new.id) execute function api_key_id_unchanged();`);
  }

  override down(): void | Promise<void> {
    this.addSql("drop trigger api_key_id_unchanged on api_key;");
    this.addSql("drop function api_key_id_unchanged();");
  }
}
