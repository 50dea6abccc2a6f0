import type { ReactNode } from "react";

/** The API's limits on text (server/src/shared/validation.ts and the modules' schemas). */
export const LIMIT = {
  /** Key, holder, group email and service names. */
  name: 200,
  /** Access token names. */
  tokenName: 100,
  /** Group email and service descriptions. */
  description: 2000,
  email: 254,
} as const;

/** The counter shows from this share of the limit on, where it starts to matter. */
const NEAR = 0.8;

/**
 * Props for a TextInput or Textarea that takes at most `max` characters (a longer paste is cut
 * at the limit) and, near the limit, says how many are used in its description.
 */
export function limited(max: number, value: string, description?: ReactNode) {
  if (value.length < max * NEAR) return { maxLength: max, description };
  const count = (
    <span data-testid="character-count">
      {value.length.toLocaleString("en")} of {max.toLocaleString("en")} characters
      {value.length >= max ? ", the most it can have" : ""}
    </span>
  );
  return {
    maxLength: max,
    description: description ? (
      <>
        {description} · {count}
      </>
    ) : (
      count
    ),
  };
}
