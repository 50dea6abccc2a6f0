import { intParam, useUrlState } from "../../components/url-state.js";

/**
 * One page of a list the browser already holds (an offboarding's result, key by key), the page number in
 * the URL (as `page` by default, which a change of filter clears, going back to the first one).
 */
export function useLocalPage<T>(items: readonly T[], size: number, param = "page") {
  const { get, set } = useUrlState();
  const total = Math.max(1, Math.ceil(items.length / size));
  const index = Math.min(intParam(get(param)) ?? 1, total);
  return {
    items: items.slice((index - 1) * size, index * size),
    index,
    total,
    size,
    count: items.length,
    go: (page: number) => set({ [param]: page > 1 ? page : null }, { replace: true }),
  };
}

export type LocalPage<T> = ReturnType<typeof useLocalPage<T>>;
