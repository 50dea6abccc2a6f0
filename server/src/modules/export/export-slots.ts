/** How many exports may run at once, and how long one may hold its database connection. */
export interface ExportLimits {
  /** Exports streaming at once on this instance (each holds a pooled connection). */
  maxConcurrent: number;
  /** Exports streaming at once for one credential (access token or session). */
  maxPerCredential: number;
  /** An export whose reader takes nothing for this long is ended, and its connection returned. */
  idleTimeoutMs: number;
  /** No export holds its connection longer than this, however steadily it is read. */
  maxDurationMs: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimits = {
  maxConcurrent: 3,
  maxPerCredential: 2,
  idleTimeoutMs: 30_000,
  maxDurationMs: 600_000,
};

/** Why an export may not start now. */
export type ExportRefusal = "INSTANCE_FULL" | "CREDENTIAL_FULL";

/**
 * Counts the exports streaming on this instance, overall and per credential, so slow downloads
 * can never take the whole pool.
 */
export class ExportSlots {
  private running = 0;
  private readonly perCredential = new Map<string, number>();

  constructor(private readonly limits: ExportLimits) {}

  /** Takes a slot for `credential`; the returned function gives it back (once, however often called). */
  acquire(credential: string): { release: () => void } | ExportRefusal {
    const mine = this.perCredential.get(credential) ?? 0;
    if (mine >= this.limits.maxPerCredential) return "CREDENTIAL_FULL";
    if (this.running >= this.limits.maxConcurrent) return "INSTANCE_FULL";
    this.running++;
    this.perCredential.set(credential, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        const left = (this.perCredential.get(credential) ?? 1) - 1;
        if (left) this.perCredential.set(credential, left);
        else this.perCredential.delete(credential);
      },
    };
  }
}
