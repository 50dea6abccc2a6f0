import type { EntityManager } from "@mikro-orm/postgresql";

/** Loaders made so far in one request, keyed by their definition. */
export type LoaderCache = Map<symbol, unknown>;

/** What a loader is made from: the request's entity manager, its one "now", and its loader cache. */
export interface LoaderScope {
  em: EntityManager;
  now: Date;
  loaders: LoaderCache;
}

/**
 * Declares a per-request batching loader. The module that owns a table defines the loaders that
 * read it; a caller writes `holderById(ctx).load(id)` and gets one instance for the whole
 * request, so every relation a list asks for is fetched with one statement for the page.
 */
export function defineLoader<T>(make: (em: EntityManager, now: Date) => T): (scope: LoaderScope) => T {
  const key = Symbol("loader");
  return (scope) => {
    let loader = scope.loaders.get(key) as T | undefined;
    if (loader === undefined) {
      loader = make(scope.em, scope.now);
      scope.loaders.set(key, loader);
    }
    return loader;
  };
}

/** Rows split by a key, in the order of `keys` (an empty list for a key without rows). */
export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const buckets = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) buckets.get(keyOf(row))?.push(row);
  return keys.map((k) => buckets.get(k) ?? []);
}
