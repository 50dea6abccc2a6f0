import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** Families of audit actions, for reading the trail by what it is about. */
export const AuditCategory = graphqlEnum("AuditCategory", "Families of audit actions.", {
  KEYS: "`api_key.*`: keys created, updated, rotated, revoked, reassigned.",
  HOLDERS: "`user.*` and `group_email.*`, except `user.offboarded`.",
  SERVICES: "`service.*` and `collaborator.*`.",
  OFFBOARDING: "`user.offboarded` and `leaver_case.*`: leavers the identity provider reported, and offboardings.",
  NOTIFICATIONS: "`notify.*`, `webhook_endpoint.*` and `webhook_delivery.*`: notice settings and webhooks.",
  ACCESS: "`auth.*`, `access_token.*` and `scim_client.*`: sign-ins, sign-outs, passwords, access and SCIM tokens.",
});
export type AuditCategory = EnumValue<typeof AuditCategory>;

/** Each category's actions: prefixes ending in `.`, or exact actions; `except` are left out. */
export const CATEGORY_ACTIONS: Record<AuditCategory, { actions: string[]; except?: string[] }> = {
  [AuditCategory.KEYS]: { actions: ["api_key."] },
  [AuditCategory.HOLDERS]: { actions: ["user.", "group_email."], except: ["user.offboarded"] },
  [AuditCategory.SERVICES]: { actions: ["service.", "collaborator."] },
  [AuditCategory.OFFBOARDING]: { actions: ["user.offboarded", "leaver_case."] },
  [AuditCategory.NOTIFICATIONS]: { actions: ["notify.", "webhook_endpoint.", "webhook_delivery."] },
  [AuditCategory.ACCESS]: { actions: ["auth.", "access_token.", "scim_client."] },
};
