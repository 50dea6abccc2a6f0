import { useUrlState } from "./url-state.js";

/** Cursors are base64url, which never contains a dot. */
const SEPARATOR = ".";

/**
 * Server-side keyset pagination kept in the URL: `page` holds the trail of cursors that led to
 * this page, so Previous, reload and shared links all work without counting offsets.
 */
export function useCursorPage(pageSize: number) {
  const { get, set } = useUrlState();
  const trail = (get("page") ?? "").split(SEPARATOR).filter((c) => /^[A-Za-z0-9_-]+$/.test(c));
  const after = trail.at(-1);
  return {
    first: pageSize,
    after,
    /** 0 for the first page. */
    index: trail.length,
    next(endCursor: string) {
      set({ page: [...trail, endCursor].join(SEPARATOR) });
    },
    previous() {
      set({ page: trail.slice(0, -1).join(SEPARATOR) });
    },
    reset() {
      set({ page: null });
    },
  };
}

export type CursorPage = ReturnType<typeof useCursorPage>;
