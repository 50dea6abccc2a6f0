import type { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { ScimError } from "./scim-error.js";
import { attributePath, type PatchOperation, scimBoolean, scimString } from "./scim-patch.js";
import { SCIM } from "./scim-schemas.js";

/** A user as SCIM shows it. `leaving`: an open leaver case, so the identity provider sees it inactive. */
export function userResource(user: User, leaving: boolean, baseUrl: string) {
  return {
    schemas: [SCIM.user],
    id: user.id,
    userName: user.email,
    name: { formatted: user.name },
    displayName: user.name,
    emails: [{ value: user.email, type: "work", primary: true }],
    active: user.status === UserStatus.ACTIVE && !leaving,
    meta: {
      resourceType: "User",
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: `W/"${user.version}"`,
    },
  };
}

/** What a SCIM request asks to change about a user; absent fields stay as they are. */
export interface UserChange {
  userName?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  active?: boolean;
}

type Json = Record<string, unknown>;

function nameOf(resource: Json): Pick<UserChange, "name" | "givenName" | "familyName"> {
  const name = (resource.name ?? {}) as Json;
  if (typeof name !== "object" || Array.isArray(name))
    throw new ScimError(400, "name must be an object.", "invalidValue");
  if (typeof name.formatted === "string" && name.formatted.trim()) return { name: name.formatted };
  const given = typeof name.givenName === "string" ? name.givenName : undefined;
  const family = typeof name.familyName === "string" ? name.familyName : undefined;
  // A part left out stays as it is (RFC 7644 §3.5.2.3: unspecified sub-attributes are unchanged).
  if (given || family) return { givenName: given, familyName: family };
  if (typeof resource.displayName === "string" && resource.displayName.trim()) return { name: resource.displayName };
  return {};
}

/**
 * The user a POST or PUT body describes (RFC 7643 §4.1); `userName` is the email address, and
 * `active` is absent when the body leaves it out.
 */
export function userFromResource(body: unknown): UserChange & { userName: string } {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new ScimError(400, "The body must be a SCIM User resource.", "invalidSyntax");
  }
  const resource = body as Json;
  if (typeof resource.userName !== "string" || !resource.userName.trim()) {
    throw new ScimError(400, "userName is required: the user's email address.", "invalidValue");
  }
  return {
    userName: resource.userName,
    ...nameOf(resource),
    // Not asserted (RFC 7644 §3.5.1): a new user is active, a replaced one keeps its state, so a
    // PUT that leaves `active` out never closes a leaver case by accident.
    ...(resource.active === undefined ? {} : { active: scimBoolean(resource.active, "active") }),
  };
}

/**
 * The change a list of PATCH operations makes, as Okta (`{op: "replace", value: {active: false}}`)
 * and Entra (`{op: "Replace", path: "active", value: "False"}`, dotted names such as
 * `name.givenName`) send them. Attributes Keyholder does not keep (externalId, title, the
 * enterprise extension…) are accepted and ignored, so an identity provider's mapping of them does
 * not fail the whole request; `active` and `userName` cannot be removed.
 */
export function userChangeOf(operations: PatchOperation[]): UserChange {
  const change: UserChange = {};
  const apply = (path: string, value: unknown) => {
    switch (attributePath(path, SCIM.user).toLowerCase()) {
      case "active":
        change.active = scimBoolean(value, "active");
        break;
      case "username":
        change.userName = scimString(value, "userName");
        break;
      case "displayname":
      case "name.formatted":
        change.name = scimString(value, path);
        break;
      case "name.givenname":
        change.givenName = scimString(value, path);
        break;
      case "name.familyname":
        change.familyName = scimString(value, path);
        break;
      case "name":
        Object.assign(change, nameOf({ name: value }));
        break;
    }
  };
  for (const operation of operations) {
    if (operation.op === "remove") {
      const path = attributePath(operation.path as string, SCIM.user).toLowerCase();
      if (path === "active" || path === "username") {
        throw new ScimError(400, `${operation.path} cannot be removed.`, "mutability");
      }
      continue;
    }
    if (operation.path) {
      apply(operation.path, operation.value);
      continue;
    }
    if (!operation.value || typeof operation.value !== "object" || Array.isArray(operation.value)) {
      throw new ScimError(400, "An operation without a path needs an object value.", "invalidValue");
    }
    for (const [key, value] of Object.entries(operation.value as Json)) apply(key, value);
  }
  return change;
}

/** The full name a change leaves, given the current one (a given or family name alone keeps the other part). */
export function nameAfter(current: string, change: UserChange): string | undefined {
  if (change.name !== undefined) return change.name;
  if (change.givenName === undefined && change.familyName === undefined) return undefined;
  const [first = "", ...rest] = current.split(" ");
  return [change.givenName ?? first, change.familyName ?? rest.join(" ")].filter(Boolean).join(" ");
}
