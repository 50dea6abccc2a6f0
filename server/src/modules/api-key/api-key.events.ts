/**
 * The audit actions about keys that modules above this one record for the keys they change (a
 * reassignment, an offboarding's hand-over, an import): named here, with the table they are about.
 */
export const KEY_EVENTS = {
  revoked: "api_key.revoked",
  reassigned: "api_key.reassigned",
  /** Keys that were not moved but work on more services, through Billing roles added for a move. */
  accessWidened: "api_key.access_widened",
  /** Keys an inventory import created or updated. */
  imported: "api_key.imported",
} as const;

/**
 * The `before` and `after` of an access-widened event: a holder's keys that were not moved gain
 * `gained`, the Billing roles a hand-over gave the holder so that the keys it took keep working.
 */
export function accessWidenedSnapshots(
  holder: { id: string; email: string },
  servicesBefore: string[],
  gained: string[],
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  return {
    before: { holderId: holder.id, holder: holder.email, services: servicesBefore },
    after: {
      holderId: holder.id,
      holder: holder.email,
      services: [...new Set([...servicesBefore, ...gained])].sort(),
      gained,
      because: "Billing roles added for a key reassignment",
    },
  };
}
