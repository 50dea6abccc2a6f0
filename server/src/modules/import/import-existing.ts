import type { EntityManager } from "@mikro-orm/postgresql";
import { keysImportedAs, keysWithDigests, type StoredKey } from "../api-key/api-key.import.js";

/** A holder already stored, as the import compares it (and a new one, as it writes it). */
export interface StoredHolder {
  id: string;
  kind: "USER" | "GROUP";
  email: string;
  name: string;
  status: string | null;
  departed_at: Date | null;
}

export interface StoredService {
  id: string;
  slug: string;
  name: string;
  archived: boolean;
}

/** What is stored that the file's rows may match, read in a fixed number of statements. */
export interface Existing {
  holders: Map<string, StoredHolder>;
  services: Map<string, StoredService>;
  /** `group id/user id` of the memberships of the groups the file names. */
  memberships: Set<string>;
  /** Ids of the roles of the holders the file names, by `service id/holder id/role`. */
  collaborators: Map<string, string>;
  /** Keys by their current or previous digest, or the digest they were imported with. */
  keysByDigest: Map<string, StoredKey>;
  /** Keys imported without a digest, by `holder id/environment/name/prefix` as imported (even if rotated or renamed since). */
  untracedKeys: Map<string, StoredKey>;
}

/** The identity of a key imported without a digest. */
export const untracedKeyId = (holderId: string, environment: string, name: string, prefix: string) =>
  `${holderId}/${environment}/${name}/${prefix}`;

const json = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/**
 * Reads everything the file may match: holders by email, services by slug, then the memberships,
 * roles, and the keys the file may describe. Six statements whatever the file's size; values travel as one
 * JSON parameter each, never as SQL text. With `lock` (an apply, in its transaction) the holders
 * and services are read FOR SHARE, holders first and each in id order, as addCollaborator and
 * offboarding take them: an offboarding or archiving under way finishes first and is seen, so a
 * leaver gains no role or membership and an archived service no collaborator.
 */
export async function readExisting(
  em: EntityManager,
  wanted: {
    emails: Iterable<string>;
    slugs: Iterable<string>;
    digests: Iterable<string>;
    /** Keys without a digest, by their holder's email. */
    untraced: Iterable<{ holder: string; environment: string; name: string; prefix: string }>;
  },
  lock = false,
): Promise<Existing> {
  const forShare = lock ? " order by id for share" : "";
  const holderRows = await em.execute<StoredHolder[]>(
    `select id, kind, email, name, status, departed_at from holder
      where email = any(array(select jsonb_array_elements_text(?::jsonb)))${forShare}`,
    [json(wanted.emails)],
  );
  const holders = new Map(holderRows.map((h) => [h.email, h]));
  const serviceRows = await em.execute<(StoredService & { archived_at: Date | null })[]>(
    `select id, slug, name, archived_at from service where slug = any(array(select jsonb_array_elements_text(?::jsonb)))${forShare}`,
    [json(wanted.slugs)],
  );
  const services = new Map(serviceRows.map((s) => [s.slug, { ...s, archived: s.archived_at !== null }]));
  const ids = [...holders.values()].map((h) => h.id);
  const holderIds = json(ids);
  const memberRows = await em.execute<{ group_id: string; user_id: string }[]>(
    `select group_id, user_id from group_membership where group_id = any(array(select jsonb_array_elements_text(?::jsonb)::uuid))`,
    [holderIds],
  );
  const collaboratorRows = await em.execute<{ id: string; service_id: string; holder_id: string; role: string }[]>(
    `select id, service_id, holder_id, role from collaborator where holder_id = any(array(select jsonb_array_elements_text(?::jsonb)::uuid))`,
    [holderIds],
  );
  const digestRows = await keysWithDigests(em, wanted.digests);
  const identities: string[] = [];
  for (const k of wanted.untraced) {
    const holder = holders.get(k.holder);
    if (holder) identities.push(untracedKeyId(holder.id, k.environment, k.name, k.prefix));
  }
  const untracedRows = await keysImportedAs(em, identities);
  const keysByDigest = new Map<string, StoredKey>();
  for (const key of digestRows) {
    // A key's own digests come before what another key was once imported as.
    if (key.imported_as && !keysByDigest.has(key.imported_as)) keysByDigest.set(key.imported_as, key);
  }
  for (const key of digestRows) {
    if (key.secret_digest) keysByDigest.set(key.secret_digest, key);
    if (key.previous_secret_digest) keysByDigest.set(key.previous_secret_digest, key);
  }
  return {
    holders,
    services,
    memberships: new Set(memberRows.map((m) => `${m.group_id}/${m.user_id}`)),
    collaborators: new Map(collaboratorRows.map((c) => [`${c.service_id}/${c.holder_id}/${c.role}`, c.id])),
    keysByDigest,
    untracedKeys: new Map(untracedRows.map((k) => [k.imported_as as string, k])),
  };
}
