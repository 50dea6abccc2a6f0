/**
 * Every console address, built in one place: the route patterns `routes.tsx` matches and the
 * links and navigations that lead to them, so a path or a parameter changes here only.
 */
export const paths = {
  overview: "/",
  keys: "/keys",
  key: "/keys/:id",
  holders: "/holders",
  holder: "/holders/:id",
  services: "/services",
  service: "/services/:id",
  offboarding: "/offboarding",
  import: "/import",
  outbox: "/outbox",
  webhooks: "/webhooks",
  audit: "/audit",
  tokens: "/tokens",
  explorer: "/explorer",
} as const;

type QueryValue = string | number | boolean | null | undefined;

/** `path` with the given query parameters, empty ones left out, in the order given. */
function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== "") params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const item = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`;

/** Links into the console, one builder per screen. */
export const urls = {
  overview: () => paths.overview,
  /** The keys list, filtered by the same URL parameters its filters write. */
  keys: (query?: Record<string, QueryValue>) => withQuery(paths.keys, query),
  key: (id: string) => item(paths.keys, id),
  holders: (query?: Record<string, QueryValue>) => withQuery(paths.holders, query),
  holder: (id: string) => item(paths.holders, id),
  services: (query?: Record<string, QueryValue>) => withQuery(paths.services, query),
  service: (id: string) => item(paths.service.replace("/:id", ""), id),
  /** The offboarding wizard, opened on a user's impact when `userId` is given. */
  offboarding: (userId?: string) => withQuery(paths.offboarding, { user: userId }),
  /** The audit log, filtered to one subject when `subject` is given. */
  audit: (query?: { subject?: string } & Record<string, QueryValue>) => withQuery(paths.audit, query),
  import: () => paths.import,
  outbox: () => paths.outbox,
  webhooks: () => paths.webhooks,
  tokens: () => paths.tokens,
  explorer: () => paths.explorer,
};

/** Where a subject (of an audit entry or a risk item) lives in the console; access tokens and others have no page. */
export function subjectHref(subjectType: string, subjectId: string): string | undefined {
  switch (subjectType) {
    case "API_KEY":
      return urls.key(subjectId);
    case "USER":
    case "GROUP_EMAIL":
      return urls.holder(subjectId);
    case "SERVICE":
      return urls.service(subjectId);
    default:
      return undefined;
  }
}
