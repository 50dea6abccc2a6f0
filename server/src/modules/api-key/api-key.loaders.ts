import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import { type Page, type PageRequest, pageArgs } from "../../shared/pagination.js";
import type { Service } from "../service/service.entity.js";
import { serviceColumns, serviceFromRow } from "../service/service.loaders.js";
import type { ApiKey } from "./api-key.entity.js";
import type { ApiKeyFilter } from "./api-key.filter.js";
import { ApiKeyRepository } from "./api-key.repository.js";
import { liveBillingSql } from "./where-key-works.js";

/** One holder's page of keys, as a list of holders asks for it. */
export interface KeyPageRequest {
  holderId: string;
  filter: ApiKeyFilter;
  page: PageRequest;
}

/**
 * A page of a holder's keys, for lists of holders: requests with the same filter and page
 * arguments are answered together (see `ApiKeyRepository.pagesByHolder`).
 */
export const keyPageByHolder = defineLoader(
  (em, now) =>
    new DataLoader<KeyPageRequest, Page<ApiKey>, string>(
      async (requests) => {
        const groups = new Map<string, KeyPageRequest[]>();
        for (const r of requests) {
          const args = JSON.stringify([r.filter, pageArgs(r.page)]);
          groups.set(args, [...(groups.get(args) ?? []), r]);
        }
        const answers = new Map<KeyPageRequest, Page<ApiKey>>();
        for (const group of groups.values()) {
          const [first] = group as [KeyPageRequest];
          const pages = await new ApiKeyRepository(em).pagesByHolder(
            group.map((r) => r.holderId),
            first.filter,
            first.page,
            now,
          );
          for (const r of group) answers.set(r, pages.get(r.holderId) as Page<ApiKey>);
        }
        return requests.map((r) => answers.get(r) as Page<ApiKey>);
      },
      { cacheKeyFn: (r) => JSON.stringify([r.holderId, r.filter, pageArgs(r.page)]) },
    ),
);

/**
 * Where each key of a page listed in this request works, as the page's statement read it (whole
 * services, or brief ones for a caller who asks for no more): its `worksOn` answers from here at
 * once, without waiting on a loader.
 */
export const worksOnOfListedKey = defineLoader(() => new WeakMap<ApiKey, Service[]>());

/**
 * Services (not archived) on which each holder is a BILLING collaborator, by slug: the
 * two-hop rule for a whole page of keys in one statement, as read models.
 */
export const billingServicesByHolderId = defineLoader(
  (em) =>
    new DataLoader<string, Service[]>(async (ids) => {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select c.holder_id, ${serviceColumns("s")}
           ${liveBillingSql({ holder: "any(?::uuid[])" })}
          order by s.slug`,
        [`{${ids.join(",")}}`],
      );
      return groupBy(ids, rows, (r) => r.holder_id as string).map((group) => group.map(serviceFromRow));
    }),
);
