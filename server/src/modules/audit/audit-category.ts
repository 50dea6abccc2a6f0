import { registerEnumType } from "type-graphql";

/** Families of audit actions, for reading the trail by what it is about. */
export enum AuditCategory {
  KEYS = "KEYS",
  HOLDERS = "HOLDERS",
  SERVICES = "SERVICES",
  OFFBOARDING = "OFFBOARDING",
  NOTIFICATIONS = "NOTIFICATIONS",
  ACCESS = "ACCESS",
}

registerEnumType(AuditCategory, {
  name: "AuditCategory",
  description: "Families of audit actions.",
  valuesConfig: {
    KEYS: { description: "`api_key.*`: keys created, updated, rotated, revoked, reassigned." },
    HOLDERS: { description: "`user.*` and `group_email.*`, except `user.offboarded`." },
    SERVICES: { description: "`service.*` and `collaborator.*`." },
    OFFBOARDING: {
      description: "`user.offboarded` and `leaver_case.*`: leavers the identity provider reported, and offboardings.",
    },
    NOTIFICATIONS: {
      description: "`notify.*`, `webhook_endpoint.*` and `webhook_delivery.*`: notice settings and webhooks.",
    },
    ACCESS: {
      description:
        "`auth.*`, `access_token.*` and `scim_client.*`: sign-ins, sign-outs, passwords, access and SCIM tokens.",
    },
  },
});

/** Each category's actions: prefixes ending in `.`, or exact actions; `except` are left out. */
export const CATEGORY_ACTIONS: Record<AuditCategory, { actions: string[]; except?: string[] }> = {
  [AuditCategory.KEYS]: { actions: ["api_key."] },
  [AuditCategory.HOLDERS]: { actions: ["user.", "group_email."], except: ["user.offboarded"] },
  [AuditCategory.SERVICES]: { actions: ["service.", "collaborator."] },
  [AuditCategory.OFFBOARDING]: { actions: ["user.offboarded", "leaver_case."] },
  [AuditCategory.NOTIFICATIONS]: { actions: ["notify.", "webhook_endpoint.", "webhook_delivery."] },
  [AuditCategory.ACCESS]: { actions: ["auth.", "access_token.", "scim_client."] },
};
