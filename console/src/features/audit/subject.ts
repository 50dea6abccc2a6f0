import { urls } from "../../urls.js";
/** Where an audited subject lives in the console; access tokens and others have no page. */
export function subjectHref(subjectType: string, subjectId: string): string | undefined {
  switch (subjectType) {
    case "ApiKey":
      return urls.key(subjectId);
    case "User":
    case "GroupEmail":
      return urls.holder(subjectId);
    case "Service":
      return urls.service(subjectId);
    default:
      return undefined;
  }
}

const TYPE_LABEL: Record<string, string> = {
  ApiKey: "API key",
  User: "user",
  GroupEmail: "group email",
  Service: "service",
  AccessToken: "access token",
};

export function subjectTypeLabel(subjectType: string): string {
  return TYPE_LABEL[subjectType] ?? subjectType;
}

const TYPE_PLURAL: Record<string, string> = {
  ApiKey: "API keys",
  User: "users",
  GroupEmail: "group emails",
  Service: "services",
  AccessToken: "access tokens",
};

/** "10,000 API keys": how many subjects of a type a change was recorded for. */
export function subjectCountLabel(subjectType: string, count: number): string {
  return `${count.toLocaleString("en-US")} ${TYPE_PLURAL[subjectType] ?? subjectType}`;
}
