import { type Reference, wrap } from "@mikro-orm/core";
import type DataLoader from "dataloader";
import { DomainError, ErrorCode } from "./errors.js";
import { isLoaded } from "./read-model.js";

/** Whether MikroORM tracks the object (read models are plain instances). */
function isManaged(entity: object): boolean {
  return "__helper" in entity && Boolean((entity as { __helper?: unknown }).__helper);
}

/**
 * Resolves a many-to-one relation: the entity itself when a join already loaded it (at once, not
 * a promise: a page of 50 keys with their holders then waits for nothing), otherwise through the
 * request's batching loader (one query for the whole page).
 */
export function loadRelation<T extends { id: string }>(
  related: T | Reference<T>,
  loader: DataLoader<string, T | null>,
): T | Promise<T> {
  const entity = "unwrap" in related && typeof related.unwrap === "function" ? related.unwrap() : (related as T);
  if (isLoaded(entity) || (isManaged(entity) && wrap(entity).isInitialized())) return entity;
  return loader.load(entity.id).then((loaded) => {
    if (!loaded) throw new DomainError(ErrorCode.NOT_FOUND, "A related record no longer exists.");
    return loaded;
  });
}
