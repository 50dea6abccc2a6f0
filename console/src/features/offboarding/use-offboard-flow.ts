import { useCallback, useRef, useState } from "react";
import type { OffboardInput } from "./decisions.js";
import { type GainingKeys, gainingKeys, type OffboardResult } from "./result.js";
import { type OffboardError, type Outcome, useOffboard } from "./use-offboard.js";

/** What a successor's wider access would add, once known: every key that would gain services, moved ones by group. */
export type Widened = { status: "loading" } | { status: "known"; keys: GainingKeys[] } | { status: "unknown" };

/** The dry run of one set of choices, and, once it succeeded, the key that makes applying it happen once. */
export type Review = { input: OffboardInput /** The version of the choices it ran. */; of: number } & (
  | { status: "running" }
  | { status: "failed"; errors: OffboardError[]; widened?: Widened }
  | { status: "ready"; result: OffboardResult; idempotencyKey: string }
);

/**
 * The dry run, then the real offboarding of exactly what the dry run showed. The idempotency key
 * is made once per successful dry run, so a double click or a retry after a lost answer sends the
 * same key and the server applies the offboarding once (and replays its result).
 */
export function useOffboardFlow() {
  const offboard = useOffboard();
  const [review, setReview] = useState<Review | null>(null);
  const [result, setResult] = useState<OffboardResult | null>(null);
  const [applying, setApplying] = useState(false);
  const [applyErrors, setApplyErrors] = useState<OffboardError[]>([]);
  // Answers to a dry run the operator has since replaced are dropped.
  const generation = useRef(0);
  const inFlight = useRef(false);

  const dryRun = useCallback(
    async (input: OffboardInput, of: number): Promise<Outcome> => {
      const run = ++generation.current;
      setReview({ status: "running", input, of });
      setApplyErrors([]);
      const outcome = await offboard({ ...input, dryRun: true });
      if (run !== generation.current) return outcome;
      if (outcome.ok) {
        setReview({ status: "ready", input, of, result: outcome.result, idempotencyKey: crypto.randomUUID() });
        return outcome;
      }
      const widens = outcome.errors.some((e) => e.code === "ACCESS_WOULD_WIDEN");
      setReview({
        status: "failed",
        input,
        of,
        errors: outcome.errors,
        widened: widens ? { status: "loading" } : undefined,
      });
      if (widens) {
        // The errors name each key; a dry run allowing wider access (which changes nothing) also says
        // what each would gain, moved keys and the successors' own keys alike.
        const probe = await offboard({ ...input, dryRun: true, allowWiderAccess: true });
        if (run !== generation.current) return outcome;
        const widened: Widened = probe.ok
          ? { status: "known", keys: gainingKeys(probe.result) }
          : { status: "unknown" };
        setReview({ status: "failed", input, of, errors: outcome.errors, widened });
      }
      return outcome;
    },
    [offboard],
  );

  const apply = useCallback(async (): Promise<OffboardResult | null> => {
    if (review?.status !== "ready" || inFlight.current) return null;
    inFlight.current = true;
    setApplying(true);
    setApplyErrors([]);
    try {
      const outcome = await offboard({ ...review.input, dryRun: false, idempotencyKey: review.idempotencyKey });
      if (!outcome.ok) {
        setApplyErrors(outcome.errors);
        return null;
      }
      setResult(outcome.result);
      return outcome.result;
    } finally {
      inFlight.current = false;
      setApplying(false);
    }
  }, [offboard, review]);

  const discard = useCallback(() => {
    generation.current += 1;
    setReview(null);
    setApplyErrors([]);
  }, []);

  return { review, result, applying, applyErrors, dryRun, apply, discard };
}

export type OffboardFlow = ReturnType<typeof useOffboardFlow>;
