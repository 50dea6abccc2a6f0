import type { EntityManager } from "@mikro-orm/postgresql";
import type { Logger } from "../logger.js";
import { createLoaders, type Loaders } from "./loaders.js";

/**
 * Everything a service needs to act for one request (or one CLI command, or one test): its own
 * identity map, batching loaders, a request id for the logs and audit trail, and one clock
 * reading so a whole request sees a single "now".
 */
export interface RequestContext {
  em: EntityManager;
  requestId: string;
  now: Date;
  log: Logger;
  loaders: Loaders;
}

/** Creates a request context on a fresh fork of the entity manager. */
export function createRequestContext(
  em: EntityManager,
  requestId: string,
  log: Logger,
  now = new Date(),
): RequestContext {
  const fork = em.fork({ clear: true, useContext: false });
  return { em: fork, requestId, now, log, loaders: createLoaders(fork) };
}
