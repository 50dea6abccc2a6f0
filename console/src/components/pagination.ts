import { useUrlState } from "./url-state.js";

/** Cursors are base64url, which never contains a dot. */
const SEPARATOR = ".";

/**
 * Server-side keyset pagination kept in the URL: `param` (`page` by default) holds the trail of
 * cursors that led to this page, so Previous, reload and shared links all work without counting
 * offsets. A second list on one screen (a holder's keys) uses a parameter of its own.
 */
export function useCursorPage(pageSize: number, param = "page") {
  const { get, set } = useUrlState();
  const trail = (get(param) ?? "").split(SEPARATOR).filter((c) => /^[A-Za-z0-9_-]+$/.test(c));
  const after = trail.at(-1);
  return {
    first: pageSize,
    after,
    /** 0 for the first page. */
    index: trail.length,
    next(endCursor: string) {
      set({ [param]: [...trail, endCursor].join(SEPARATOR) });
    },
    previous() {
      set({ [param]: trail.slice(0, -1).join(SEPARATOR) });
    },
    reset() {
      set({ [param]: null });
    },
  };
}

export type CursorPage = ReturnType<typeof useCursorPage>;
