import type { EntityManager } from "@mikro-orm/postgresql";

// The statements an inventory import runs on `api_key`: matching a file's keys with stored ones
// and writing imported keys, each one multi-row statement whatever the number of keys. Rows travel
// as one JSON parameter, never as SQL text.

/** The columns of `api_key` an import both compares and writes. */
interface KeyColumns {
  id: string;
  name: string;
  environment: string;
  holder_id: string;
  prefix: string;
  secret_digest: string | null;
  expires_at: Date | null;
  last_used_at: Date | null;
}

/** A stored key as an import compares it with a row of its file. */
export interface StoredKey extends KeyColumns {
  previous_secret_digest: string | null;
  /** What an import knew the key as: the digest its file gave, or `holder id/environment/name/prefix`. */
  imported_as: string | null;
}

/** A key to insert as imported: `secret_digest` is null when the file gave none (it cannot verify). */
export interface ImportedKeyRow extends KeyColumns {
  created_at: Date;
  /** Kept through rotations and renames, so that a re-import of the same row finds the key. */
  imported_as: string;
}

/** What an import changes on a key it matched. */
export interface ImportedKeyUpdate {
  id: string;
  name: string;
  expires_at: Date | null;
  last_used_at: Date | null;
}

const KEY_COLUMNS =
  "id, name, environment, holder_id, prefix, secret_digest, previous_secret_digest, expires_at, last_used_at, imported_as";

const jsonArray = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/**
 * Keys whose current or previous secret has one of these digests (hex SHA-256), or that were
 * imported with one of them (and rotated since): one statement.
 */
export function keysWithDigests(em: EntityManager, digests: Iterable<string>): Promise<StoredKey[]> {
  const list = jsonArray(digests);
  return em.execute<StoredKey[]>(
    `select ${KEY_COLUMNS} from api_key where secret_digest = any(array(select jsonb_array_elements_text(?::jsonb)))
     union
     select ${KEY_COLUMNS} from api_key where previous_secret_digest = any(array(select jsonb_array_elements_text(?::jsonb)))
     union
     select ${KEY_COLUMNS} from api_key where imported_as = any(array(select jsonb_array_elements_text(?::jsonb)))`,
    [list, list, list],
  );
}

/** Keys imported as one of these identities (see `StoredKey.imported_as`), whatever they became since: one statement. */
export function keysImportedAs(em: EntityManager, identities: Iterable<string>): Promise<StoredKey[]> {
  return em.execute<StoredKey[]>(
    `select ${KEY_COLUMNS} from api_key where imported_as = any(array(select jsonb_array_elements_text(?::jsonb)))`,
    [jsonArray(identities)],
  );
}

/** Inserts these keys as imported at `now`, in one statement (the caller bounds the batch). */
export async function insertImportedKeys(em: EntityManager, rows: readonly ImportedKeyRow[], now: Date): Promise<void> {
  await em.execute(
    `insert into api_key (id, name, environment, holder_id, prefix, secret_digest, created_at, expires_at, last_used_at, updated_at, imported_at, imported_as, version)
     select r.id, r.name, r.environment, r.holder_id, r.prefix, r.secret_digest, r.created_at, r.expires_at, r.last_used_at, ?, ?, r.imported_as, 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, environment text, holder_id uuid, prefix text,
            secret_digest text, created_at timestamptz, expires_at timestamptz, last_used_at timestamptz, imported_as text)`,
    [now, now, JSON.stringify(rows)],
  );
}

/**
 * Updates the name and expiry of keys an import matched, in one statement; the last use only
 * moves forward (Keyholder may have seen the key used since the file was written).
 */
export async function updateImportedKeys(
  em: EntityManager,
  rows: readonly ImportedKeyUpdate[],
  now: Date,
): Promise<void> {
  await em.execute(
    `update api_key k set name = r.name, expires_at = r.expires_at,
            last_used_at = greatest(k.last_used_at, r.last_used_at), updated_at = ?, version = k.version + 1
       from jsonb_to_recordset(?::jsonb) as r(id uuid, name text, expires_at timestamptz, last_used_at timestamptz)
      where k.id = r.id`,
    [now, JSON.stringify(rows)],
  );
}
