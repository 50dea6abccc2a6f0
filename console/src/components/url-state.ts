import { useCallback } from "react";
import { useSearchParams } from "wouter";

export type ParamPatch = Record<string, string | number | boolean | null | undefined>;

/**
 * Filters, page and open item live in the URL's query string, so any view can be shared and
 * reloaded. `set` merges a patch (null, undefined, "" or false remove a parameter); a change of
 * filter should also reset `page`, which `setFilter` does.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (patch: ParamPatch, options: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value === null || value === undefined || value === "" || value === false) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );
  const setFilter = useCallback((patch: ParamPatch) => set({ ...patch, page: null }, { replace: true }), [set]);
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  return { params, get, set, setFilter };
}

/** Reads an enum-valued parameter, ignoring values that are not one of `allowed` (a hand-edited URL). */
export function enumParam<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** Reads a positive whole-number parameter, ignoring anything else. */
export function intParam(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}
