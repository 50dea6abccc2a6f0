import DataLoader from "dataloader";
import { defineLoader } from "../../shared/loaders.js";
import { date, instance } from "../../shared/read-model.js";
import { Service } from "./service.entity.js";

/** Services by id: one statement for a page. */
export const serviceById = defineLoader(
  (em) =>
    new DataLoader<string, Service | null>(async (ids) => {
      const rows = await em.find(Service, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
);

/** The columns `serviceFromRow` reads, for a service table aliased `alias`. */
export function serviceColumns(alias: string): string {
  return ["id", "slug", "name", "description", "archived_at", "created_at", "updated_at", "version"]
    .map((c) => `${alias}.${c}`)
    .join(", ");
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
