import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** What an audit event is about, as the schema names it. */
export const AuditSubjectType = graphqlEnum("AuditSubjectType", "What an audit event is about.", {
  ACCESS_TOKEN: "A personal access token.",
  API_KEY: "An API key.",
  COLLABORATOR: "A collaborator role (an inventory import's rows).",
  DATABASE: "The database itself (the demo seeding).",
  GROUP_EMAIL: "A group email.",
  IDENTITY: "An identity provider's account that matched no user (a refused sign-in).",
  NOTICE_CATEGORY: "A category of email notices.",
  SCIM_CLIENT: "An identity provider's SCIM client.",
  SERVICE: "A service, and the collaborator roles on it.",
  USER: "A member of staff.",
  WEBHOOK_ENDPOINT: "A webhook endpoint, and its deliveries.",
});
export type AuditSubjectType = EnumValue<typeof AuditSubjectType>;

/**
 * The string each subject type is stored as in `audit_event.subject_type`. Rows keep these; the
 * enum's values stay their names, as every enum of the schema's (the executor relies on it).
 */
export const AUDIT_SUBJECTS = {
  ACCESS_TOKEN: "AccessToken",
  API_KEY: "ApiKey",
  COLLABORATOR: "Collaborator",
  DATABASE: "Database",
  GROUP_EMAIL: "GroupEmail",
  IDENTITY: "Identity",
  NOTICE_CATEGORY: "NoticeCategory",
  SCIM_CLIENT: "ScimClient",
  SERVICE: "Service",
  USER: "User",
  WEBHOOK_ENDPOINT: "WebhookEndpoint",
} as const satisfies Record<AuditSubjectType, string>;

/** A stored subject type: what a write may record. An unknown string is a compile error. */
export type AuditSubject = (typeof AUDIT_SUBJECTS)[AuditSubjectType];

const TYPE_OF_STORED = new Map<string, AuditSubjectType>(
  Object.entries(AUDIT_SUBJECTS).map(([type, stored]) => [stored, type as AuditSubjectType]),
);

/** The schema's name for a stored subject type. */
export function auditSubjectType(stored: string): AuditSubjectType {
  const type = TYPE_OF_STORED.get(stored);
  // Every writer records an `AuditSubject`: a row with another type was not written by Keyholder.
  if (!type) throw new Error(`Unknown audit subject type "${stored}".`);
  return type;
}
