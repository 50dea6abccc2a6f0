import type { ReassignmentFields, ResultOf } from "@keyholder/graphql";
import type { WithTypenames } from "./render.js";

type Reassignment = WithTypenames<ResultOf<typeof ReassignmentFields>>;
type KeyMove = Reassignment["keys"][number];

/** A service as the API names it in a result, by its slug (its id is `s-<slug>`). */
export const serviceRef = (slug: string) => ({ __typename: "Service", id: `s-${slug}`, slug, name: slug });

/** Services as the API names them in a result, by their slugs. */
export const serviceRefs = (slugs: readonly string[]) => slugs.map(serviceRef);

/** Where a moved key works, before and after, by service slugs; gained and lost follow from them. */
export function keyMove(keyId: string, name: string, prefix: string, before: string[], after: string[]): KeyMove {
  return {
    __typename: "KeyReassignment",
    keyId,
    name,
    prefix,
    fromHolderId: "u-2",
    fromHolderEmail: "alice@example.org",
    servicesBefore: serviceRefs(before),
    servicesAfter: serviceRefs(after),
    gained: serviceRefs(after.filter((s) => !before.includes(s))),
    lost: serviceRefs(before.filter((s) => !after.includes(s))),
  };
}

/** A reassignment (previewed or done) to team@example.org that moves `keys`; `fields` replace the rest. */
export function reassignment(keys: KeyMove[], fields: Partial<Reassignment> = {}): Reassignment {
  return {
    __typename: "Reassignment",
    toHolderId: "g-1",
    toHolderEmail: "team@example.org",
    billingAdded: [],
    keys,
    otherKeysGaining: [],
    widens: false,
    ...fields,
  };
}
