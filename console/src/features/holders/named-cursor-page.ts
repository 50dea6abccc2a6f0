import type { CursorPage } from "../../components/pagination.js";
import { useUrlState } from "../../components/url-state.js";

/**
 * `useCursorPage` under another URL parameter, for a second paginated list on one screen (a
 * holder's keys use `keysPage`), so each list keeps its own trail of cursors.
 */
export function useNamedCursorPage(param: string, pageSize: number): CursorPage {
  const { get, set } = useUrlState();
  const trail = (get(param) ?? "").split(".").filter((c) => /^[A-Za-z0-9_-]+$/.test(c));
  return {
    first: pageSize,
    after: trail.at(-1),
    index: trail.length,
    next(endCursor: string) {
      set({ [param]: [...trail, endCursor].join(".") });
    },
    previous() {
      set({ [param]: trail.slice(0, -1).join(".") });
    },
    reset() {
      set({ [param]: null });
    },
  };
}
