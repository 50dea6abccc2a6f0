import type { KeyGain } from "../reassignment/reassignment.service.js";

/** What to do with one of the leaver's keys. */
export type KeyAction = "REASSIGN" | "REVOKE";

/** One key's fate, and where it works before and after. */
export interface OffboardedKey {
  keyId: string;
  name: string;
  prefix: string;
  action: KeyAction;
  /** Null only in a replay of an offboarding recorded before holder ids were kept. */
  toHolderId: string | null;
  toHolderEmail: string;
  servicesBefore: string[];
  servicesAfter: string[];
}

/** How many keys a group names (the first ones, in the order of `keys`). */
export const KEYS_NAMED_PER_GROUP = 5;

/** Keys with the same fate: action, holder afterwards, and services before and after. */
export interface OffboardedKeyGroup {
  action: KeyAction;
  toHolderId: string | null;
  toHolderEmail: string;
  servicesBefore: string[];
  servicesAfter: string[];
  keyCount: number;
  /** The group's first keys, up to `KEYS_NAMED_PER_GROUP`. */
  firstKeys: { keyId: string; name: string; prefix: string }[];
}

/**
 * The keys grouped by fate, in the order of each group's first key: every key is in exactly one
 * group. The keys of one leaver share their services before and those going to one target their
 * services after, so 10,000 keys make a handful of groups.
 */
export function groupKeys(keys: readonly OffboardedKey[]): OffboardedKeyGroup[] {
  const groups = new Map<string, OffboardedKeyGroup>();
  // Keys share their list arrays (hand-over and `expand` alike): join each array once.
  const joined = new Map<string[], string>();
  const text = (services: string[]) => {
    let t = joined.get(services);
    if (t === undefined) {
      t = services.join(",");
      joined.set(services, t);
    }
    return t;
  };
  for (const k of keys) {
    const id = `${k.action} ${k.toHolderId ?? ""} ${k.toHolderEmail} ${text(k.servicesBefore)} ${text(k.servicesAfter)}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        action: k.action,
        toHolderId: k.toHolderId,
        toHolderEmail: k.toHolderEmail,
        servicesBefore: k.servicesBefore,
        servicesAfter: k.servicesAfter,
        keyCount: 0,
        firstKeys: [],
      };
      groups.set(id, group);
    }
    group.keyCount++;
    if (group.firstKeys.length < KEYS_NAMED_PER_GROUP) {
      group.firstKeys.push({ keyId: k.keyId, name: k.name, prefix: k.prefix });
    }
  }
  return [...groups.values()];
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
 * list is kept once and keys refer to it by index (10,000 keys on 500 services stay small); the
 * targets' ids are kept once per email (`holderIds`).
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
  const holderIds: Record<string, string> = {};
  const keys = result.keys.map(({ toHolderId, ...k }) => {
    if (toHolderId) holderIds[k.toHolderEmail] = toHolderId;
    return { ...k, servicesBefore: ref(k.servicesBefore), servicesAfter: ref(k.servicesAfter) };
  });
  return { ...result, keys, serviceLists: lists, holderIds };
}

/** The result `compact` stored, whole again. */
export function expand(stored: Record<string, unknown>): OffboardingResult {
  const { serviceLists, keys, holderIds, ...rest } = stored as {
    serviceLists: string[][];
    keys: Record<string, unknown>[];
    holderIds?: Record<string, string>;
  };
  const result = rest as unknown as OffboardingResult;
  return {
    ...result,
    // Results stored before other keys' gains were reported had none.
    otherKeysGaining: result.otherKeysGaining ?? [],
    keys: keys.map((k) => ({
      ...(k as unknown as OffboardedKey),
      // Results stored before the targets' ids were kept name them by email only.
      toHolderId: holderIds?.[k.toHolderEmail as string] ?? null,
      servicesBefore: serviceLists[k.servicesBefore as number] ?? [],
      servicesAfter: serviceLists[k.servicesAfter as number] ?? [],
    })),
  };
}
