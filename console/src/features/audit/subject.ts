type Snapshot = Record<string, unknown> | null | undefined;

interface EventSubject {
  subjectType: string;
  subjectId: string;
  actorId?: string | null;
  actorLabel: string;
  before?: Snapshot;
  after?: Snapshot;
}

/** Where an audited subject lives in the console; access tokens and others have no page. */
export function subjectHref(subjectType: string, subjectId: string): string | undefined {
  switch (subjectType) {
    case "ApiKey":
      return `/keys/${subjectId}`;
    case "User":
    case "GroupEmail":
      return `/holders/${subjectId}`;
    case "Service":
      return `/services/${subjectId}`;
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

/**
 * A readable name for an event's subject, from what its snapshots recorded at the time (the
 * subject may since have been renamed); the actor's own label when they acted on themselves.
 */
export function subjectLabel(event: EventSubject): string {
  const recorded = { ...(event.before ?? {}), ...(event.after ?? {}) };
  const text = (key: string) => (typeof recorded[key] === "string" ? (recorded[key] as string) : undefined);
  let label: string | undefined;
  switch (event.subjectType) {
    case "ApiKey":
      label = text("name") && text("prefix") ? `${text("name")} (${text("prefix")}…)` : text("name");
      break;
    case "Service":
      label = text("slug") ?? text("service");
      break;
    case "User":
    case "GroupEmail":
      label = text("email");
      break;
    case "AccessToken":
      label = text("name");
      break;
  }
  if (!label && event.actorId && event.actorId === event.subjectId) label = event.actorLabel;
  return label ?? (event.subjectId.length > 12 ? `${event.subjectId.slice(0, 8)}…` : event.subjectId);
}
