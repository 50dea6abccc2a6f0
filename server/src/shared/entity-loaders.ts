import type { EntityClass, FilterQuery } from "@mikro-orm/core";
import DataLoader from "dataloader";
import { defineLoader } from "./loaders.js";

/**
 * Declares the per-request loader of an entity by a unique column (its `id`, a service's `slug`):
 * one statement for all the values a request asks for in a tick, null for a value no row has.
 */
export function defineEntityLoader<T extends { id: string }, K extends keyof T & string>(
  entity: EntityClass<T>,
  column: K,
) {
  return defineLoader(
    (em) =>
      new DataLoader<string, T | null>(async (values) => {
        const rows = await em.find(entity, { [column]: { $in: [...values] } } as FilterQuery<T>);
        const byValue = new Map(rows.map((row) => [String(row[column]), row]));
        return values.map((value) => byValue.get(value) ?? null);
      }),
  );
}
