import type { OffboardingResultSummaryFields, ResultOf } from "@keyholder/graphql";

export type OffboardResult = ResultOf<typeof OffboardingResultSummaryFields>;
/** Keys of the result that share one fate: action, holder afterwards, services before and after. */
export type KeyGroup = OffboardResult["keyGroups"][number];

/** The slugs of services, in their order. */
export function slugs(services: readonly { slug: string }[]): string[] {
  return services.map((s) => s.slug);
}

/** Whether two lists of services hold the same services, in any order. */
export function sameServices(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((s) => set.has(s));
}

/** Services a group's keys work on after the offboarding and did not before. */
export function gainedServices(group: KeyGroup): string[] {
  const before = new Set(slugs(group.servicesBefore));
  return slugs(group.servicesAfter).filter((s) => !before.has(s));
}

/** Services a group's keys worked on before the offboarding and no longer do. */
export function lostServices(group: KeyGroup): string[] {
  const after = new Set(slugs(group.servicesAfter));
  return slugs(group.servicesBefore).filter((s) => !after.has(s));
}

const keysIn = (groups: readonly KeyGroup[]) => groups.reduce((n, g) => n + g.keyCount, 0);

/**
 * The result's key groups split by what happened to them, with how many keys each side holds;
 * `changed` are the reassigned groups whose keys work on other services afterwards.
 */
export function splitKeys(result: OffboardResult) {
  const reassigned = result.keyGroups.filter((g) => g.action === "REASSIGN");
  const revoked = result.keyGroups.filter((g) => g.action === "REVOKE");
  const changed = reassigned.filter((g) => !sameServices(slugs(g.servicesBefore), slugs(g.servicesAfter)));
  return {
    reassigned,
    revoked,
    changed,
    counts: { reassigned: keysIn(reassigned), revoked: keysIn(revoked), changed: keysIn(changed) },
  };
}

/**
 * Keys that work on more services after the offboarding: a group of moved keys, or one key a
 * successor already held.
 */
export interface GainingKeys {
  /** The first key's id, to tell entries apart. */
  id: string;
  keyCount: number;
  /** The first keys (all of them for a successor's own key). */
  firstKeys: readonly { keyId: string; name: string; prefix: string }[];
  /** Who holds them afterwards. */
  holderEmail: string;
  gained: string[];
  /** False for a successor's own key, which gains through the Billing roles carried over. */
  moved: boolean;
}

/** Every key the result says works on more services afterwards, moved ones (by group) first. */
export function gainingKeys(result: OffboardResult): GainingKeys[] {
  const moved = result.keyGroups
    .filter((g) => g.action === "REASSIGN")
    .map((g) => ({
      id: g.firstKeys[0]?.keyId ?? `${g.toHolderEmail}:${slugs(g.servicesAfter).join(",")}`,
      keyCount: g.keyCount,
      firstKeys: g.firstKeys,
      holderEmail: g.toHolderEmail,
      gained: gainedServices(g),
      moved: true,
    }))
    .filter((k) => k.gained.length);
  const others = result.otherKeysGaining.map((k) => ({
    id: k.keyId,
    keyCount: 1,
    firstKeys: [{ keyId: k.keyId, name: k.name, prefix: k.prefix }],
    holderEmail: k.holderEmail,
    gained: slugs(k.gained),
    moved: false,
  }));
  return [...moved, ...others];
}
