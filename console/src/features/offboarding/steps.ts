import { enumParam } from "../../components/url-state.js";

/** The wizard's steps after picking a user, as they appear in the URL's `step`. */
export const STEPS = ["impact", "decide", "review", "done"] as const;
export type Step = (typeof STEPS)[number];

/** The step the URL asks for: the impact preview when a user is given without a step. */
export function stepFromUrl(get: (key: string) => string | undefined): Step {
  return enumParam(get("step"), STEPS) ?? "impact";
}

/** Position in the stepper, where 0 is picking the user. */
export function stepIndex(step: Step): number {
  return STEPS.indexOf(step) + 1;
}
