import { useState } from "react";
import { type SecretGuard, useSecretGuard } from "./use-secret-guard.js";

export interface RevealedSecret<T> extends SecretGuard {
  /** What came back with the secret, once it did; null while the form is shown. */
  revealed: T | null;
  reveal: (value: T) => void;
  /** Forgets the secret and the form's state, then closes; pass it through `guard`. */
  close: () => void;
}

/**
 * The state of a dialog that shows a secret once (a new key, token, signing secret or rotated
 * secret): what came back, a close that forgets it, and the guard that asks before it is lost.
 * Closing also resets the form and clears the failure shown above it.
 */
export function useRevealedSecret<T>(
  onClose: () => void,
  form: { reset: () => void },
  setFailure: (failure: []) => void,
): RevealedSecret<T> {
  const [revealed, setRevealed] = useState<T | null>(null);
  const close = () => {
    form.reset();
    setFailure([]);
    setRevealed(null);
    onClose();
  };
  return { revealed, reveal: setRevealed, close, ...useSecretGuard(revealed !== null) };
}
