import type { KeyGain } from "../reassignment/reassignment.service.js";

/** What to do with one of the leaver's keys. */
export type KeyAction = "REASSIGN" | "REVOKE";

/** One key's fate, and where it works before and after. */
export interface OffboardedKey {
  keyId: string;
  name: string;
  prefix: string;
  action: KeyAction;
  toHolderEmail: string;
  servicesBefore: string[];
  servicesAfter: string[];
}

/** Everything an offboarding did (or, in a dry run, would do). */
export interface OffboardingResult {
  userId: string;
  email: string;
  dryRun: boolean;
  /** True when an earlier call with the same idempotency key did the work. */
  replayed: boolean;
  keys: OffboardedKey[];
  billingAdded: { holderEmail: string; services: string[] }[];
  /** Keys the successors already held that gain the services in `billingAdded` (allowed wider access only). */
  otherKeysGaining: KeyGain[];
  collaborationsRemoved: { service: string; role: string }[];
  groupsLeft: string[];
  sessionsEnded: number;
  tokensRevoked: number;
}

/**
 * The stored form of a result: keys of one holder share their service lists, so each distinct
 * list is kept once and keys refer to it by index (10,000 keys on 500 services stay small).
 */
export function compact(result: OffboardingResult): Record<string, unknown> {
  const lists: string[][] = [];
  const index = new Map<string, number>();
  // Keys share their list arrays: look each array up once, not its joined text once per key.
  const byArray = new Map<string[], number>();
  const ref = (services: string[]) => {
    let i = byArray.get(services);
    if (i !== undefined) return i;
    const key = services.join(",");
    i = index.get(key);
    if (i === undefined) {
      i = lists.push(services) - 1;
      index.set(key, i);
    }
    byArray.set(services, i);
    return i;
  };
  const keys = result.keys.map((k) => ({
    ...k,
    servicesBefore: ref(k.servicesBefore),
    servicesAfter: ref(k.servicesAfter),
  }));
  return { ...result, keys, serviceLists: lists };
}

/** The result `compact` stored, whole again. */
export function expand(stored: Record<string, unknown>): OffboardingResult {
  const { serviceLists, keys, ...rest } = stored as { serviceLists: string[][]; keys: Record<string, unknown>[] };
  const result = rest as unknown as OffboardingResult;
  return {
    ...result,
    // Results stored before other keys' gains were reported had none.
    otherKeysGaining: result.otherKeysGaining ?? [],
    keys: keys.map((k) => ({
      ...(k as unknown as OffboardedKey),
      servicesBefore: serviceLists[k.servicesBefore as number] ?? [],
      servicesAfter: serviceLists[k.servicesAfter as number] ?? [],
    })),
  };
}
