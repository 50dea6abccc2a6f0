const TYPE_LABEL: Record<string, string> = {
  API_KEY: "API key",
  USER: "user",
  GROUP_EMAIL: "group email",
  SERVICE: "service",
  ACCESS_TOKEN: "access token",
  COLLABORATOR: "collaborator",
  DATABASE: "database",
  IDENTITY: "identity",
  NOTICE_CATEGORY: "notice category",
  SCIM_CLIENT: "SCIM client",
  WEBHOOK_ENDPOINT: "webhook endpoint",
};

export function subjectTypeLabel(subjectType: string): string {
  return TYPE_LABEL[subjectType] ?? subjectType;
}

const TYPE_PLURAL: Record<string, string> = {
  API_KEY: "API keys",
  USER: "users",
  GROUP_EMAIL: "group emails",
  SERVICE: "services",
  ACCESS_TOKEN: "access tokens",
  COLLABORATOR: "collaborators",
  WEBHOOK_ENDPOINT: "webhook endpoints",
};

/** "10,000 API keys": how many subjects of a type a change was recorded for. */
export function subjectCountLabel(subjectType: string, count: number): string {
  return `${count.toLocaleString("en-US")} ${TYPE_PLURAL[subjectType] ?? subjectType}`;
}
