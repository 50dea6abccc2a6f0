/**
 * The audit actions about keys that modules above this one record for the keys they change (a
 * reassignment, an offboarding's hand-over): named here, with the table they are about.
 */
export const KEY_EVENTS = {
  revoked: "api_key.revoked",
  reassigned: "api_key.reassigned",
  /** Keys that were not moved but work on more services, through Billing roles added for a move. */
  accessWidened: "api_key.access_widened",
} as const;
