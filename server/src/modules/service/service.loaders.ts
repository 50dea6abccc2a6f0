import { defineEntityLoader } from "../../shared/entity-loaders.js";
import { date, instance } from "../../shared/read-model.js";
import { Service } from "./service.entity.js";

/** Services by id: one statement for a page. */
export const serviceById = defineEntityLoader(Service, "id");

/** The columns `serviceFromRow` reads, in the order `serviceJsonSql` writes them. */
const SERVICE_COLUMNS = ["id", "slug", "name", "description", "archived_at", "created_at", "updated_at", "version"];

/**
 * The fields of a service a list reads from its brief columns (`serviceJsonSql(alias, true)`):
 * a list whose caller asks for no other field of its services reads only these.
 */
export const SERVICE_BRIEF_FIELDS: ReadonlySet<string> = new Set(["__typename", "id", "slug", "name"]);
const SERVICE_BRIEF_COLUMNS = ["id", "slug", "name"];

/** The columns `serviceFromRow` reads, for a service table aliased `alias`. */
export function serviceColumns(alias: string): string {
  return SERVICE_COLUMNS.map((c) => `${alias}.${c}`).join(", ");
}

/**
 * SQL: a service of the table aliased `alias` as one JSON array of its columns (no names, so a
 * statement that nests services in its rows sends each one compactly), or of its brief columns
 * only; read it with `serviceFromJson` and the same `brief`.
 */
export function serviceJsonSql(alias: string, brief = false): string {
  return `json_build_array(${(brief ? SERVICE_BRIEF_COLUMNS : SERVICE_COLUMNS).map((c) => `${alias}.${c}`).join(", ")})`;
}

/**
 * A Service read model from a JSON array written by `serviceJsonSql`; a brief one holds only the
 * fields of `SERVICE_BRIEF_FIELDS` (the others are left unset: the caller reads none of them).
 */
export function serviceFromJson(values: readonly unknown[], brief = false): Service {
  if (brief)
    return instance(Service, { id: values[0] as string, slug: values[1] as string, name: values[2] as string });
  const row: Record<string, unknown> = {};
  for (let i = 0; i < SERVICE_COLUMNS.length; i++) row[SERVICE_COLUMNS[i] as string] = values[i];
  return serviceFromRow(row);
}

/** A Service read model from a row of its columns. */
export function serviceFromRow(row: Record<string, unknown>): Service {
  return instance(Service, {
    id: row.id as string,
    slug: row.slug as string,
    name: row.name as string,
    description: (row.description as string) ?? null,
    archivedAt: date(row.archived_at),
    createdAt: date(row.created_at) as Date,
    updatedAt: date(row.updated_at) as Date,
    version: Number(row.version),
  });
}

/**
 * Services by slug (archived ones too), one statement for all the slugs a request asks for in a
 * tick; each one found also primes `serviceById`. Results that name services by slug (moves,
 * offboardings, their stored replays) resolve them here.
 */
export const serviceBySlug = defineEntityLoader(Service, "slug");

/**
 * The services named by `slugs`, in their order, through `serviceBySlug`; a slug no service has
 * any more (renamed since a stored result was kept) is left out.
 */
export async function servicesBySlugs(
  scope: Parameters<typeof serviceBySlug>[0],
  slugs: readonly string[],
): Promise<Service[]> {
  if (slugs.length === 0) return [];
  const found = await serviceBySlug(scope).loadMany(slugs);
  const byId = serviceById(scope);
  const services: Service[] = [];
  for (const service of found) {
    if (service instanceof Service) {
      byId.prime(service.id, service);
      services.push(service);
    }
  }
  return services;
}

/** The service named by `slug` through `serviceBySlug` (priming `serviceById`), or null. */
export async function serviceBySlugOrNull(scope: Parameters<typeof serviceBySlug>[0], slug: string) {
  const service = await serviceBySlug(scope).load(slug);
  if (service) serviceById(scope).prime(service.id, service);
  return service;
}
