import type { OffboardingResultFields, ResultOf } from "@keyholder/graphql";

export type OffboardResult = ResultOf<typeof OffboardingResultFields>;
export type OffboardedKey = OffboardResult["keys"][number];

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

/** Services a key works on after the offboarding and did not before. */
export function gainedServices(key: OffboardedKey): string[] {
  const before = new Set(slugs(key.servicesBefore));
  return slugs(key.servicesAfter).filter((s) => !before.has(s));
}

/** Services a key worked on before the offboarding and no longer does. */
export function lostServices(key: OffboardedKey): string[] {
  const after = new Set(slugs(key.servicesAfter));
  return slugs(key.servicesBefore).filter((s) => !after.has(s));
}

/** The result's keys split by what happened to them. */
export function splitKeys(result: OffboardResult) {
  const reassigned = result.keys.filter((k) => k.action === "REASSIGN");
  const revoked = result.keys.filter((k) => k.action === "REVOKE");
  const changed = reassigned.filter((k) => !sameServices(slugs(k.servicesBefore), slugs(k.servicesAfter)));
  return { reassigned, revoked, changed };
}

/** A key that works on more services after the offboarding: one it moves, or one a successor already held. */
export interface GainingKey {
  keyId: string;
  name: string;
  prefix: string;
  /** Who holds it afterwards. */
  holderEmail: string;
  gained: string[];
  /** False for a successor's own key, which gains through the Billing roles carried over. */
  moved: boolean;
}

/** Every key the result says works on more services afterwards, moved ones first. */
export function gainingKeys(result: OffboardResult): GainingKey[] {
  const moved = result.keys
    .filter((k) => k.action === "REASSIGN")
    .map((k) => ({
      keyId: k.keyId,
      name: k.name,
      prefix: k.prefix,
      holderEmail: k.toHolderEmail,
      gained: gainedServices(k),
      moved: true,
    }))
    .filter((k) => k.gained.length);
  const others = result.otherKeysGaining.map((k) => ({ ...k, gained: slugs(k.gained), moved: false }));
  return [...moved, ...others];
}
