import type { GroupEmail } from "../holder/group-email/group-email.entity.js";
import { ScimError } from "./scim-error.js";
import { attributePath, type PatchOperation, scimString } from "./scim-patch.js";
import { SCIM } from "./scim-schemas.js";

/** A group email as SCIM shows it; `members` left out when the caller excluded them. */
export function groupResource(group: GroupEmail, members: { id: string; email: string }[] | null, baseUrl: string) {
  return {
    schemas: [SCIM.group, SCIM.keyholderGroup],
    id: group.id,
    displayName: group.name,
    ...(members
      ? { members: members.map((m) => ({ value: m.id, display: m.email, $ref: `${baseUrl}/Users/${m.id}` })) }
      : {}),
    [SCIM.keyholderGroup]: { email: group.email },
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: `W/"${group.version}"`,
    },
  };
}

type Json = Record<string, unknown>;

/** Member ids from a `members` value: `[{ value: "<user id>" }, …]`. */
export function memberIds(value: unknown, attribute = "members"): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((member, i) => {
    const id = (member as Json | null)?.value;
    if (typeof id !== "string") throw new ScimError(400, `${attribute}[${i}].value must be a user id.`, "invalidValue");
    return id;
  });
}

/** What a POST or PUT body describes: the name, the address when given, and the members. */
export function groupFromResource(body: unknown): { displayName: string; email?: string; members: string[] } {
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new ScimError(400, "The body must be a SCIM Group resource.", "invalidSyntax");
  }
  const resource = body as Json;
  if (typeof resource.displayName !== "string" || !resource.displayName.trim()) {
    throw new ScimError(400, "displayName is required.", "invalidValue");
  }
  const extension = resource[SCIM.keyholderGroup] as Json | undefined;
  const email = extension?.email;
  if (email !== undefined && typeof email !== "string") {
    throw new ScimError(400, `${SCIM.keyholderGroup}:email must be a string.`, "invalidValue");
  }
  return {
    displayName: resource.displayName,
    email: email as string | undefined,
    members: resource.members === undefined ? [] : memberIds(resource.members),
  };
}

/** What a PATCH asks of a group, in order: renames, and member changes. */
export interface GroupChange {
  displayName?: string;
  /** Set exactly these members (replace), before adds and removes. */
  replaceMembers?: string[];
  add: string[];
  remove: string[];
  removeAll: boolean;
}

// Okta removes one member with a value filter in the path: members[value eq "<id>"].
const MEMBER_PATH = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i;

/**
 * The change PATCH operations make, in the shapes Okta sends (`add` members, `remove` with
 * `members[value eq "…"]`, `replace` with `value: {id, displayName}`) and Entra sends (`Add` /
 * `Remove` with `path: "members"` and a list of values, `Replace` of `displayName`).
 */
export function groupChangeOf(operations: PatchOperation[]): GroupChange {
  const change: GroupChange = { add: [], remove: [], removeAll: false };
  const apply = (op: PatchOperation["op"], path: string, value: unknown) => {
    const attribute = attributePath(path, SCIM.group);
    const single = MEMBER_PATH.exec(attribute);
    if (single) {
      if (op !== "remove") throw new ScimError(400, `${path} can only be removed.`, "invalidPath");
      change.remove.push(single[1] as string);
      return;
    }
    switch (attribute.toLowerCase()) {
      case "members":
        if (op === "remove") {
          if (value === undefined) {
            change.removeAll = true;
            change.add = [];
            change.replaceMembers = undefined;
          } else change.remove.push(...memberIds(value));
        } else if (op === "add") change.add.push(...memberIds(value));
        else {
          change.replaceMembers = memberIds(value);
          change.add = [];
          change.remove = [];
          change.removeAll = false;
        }
        return;
      case "displayname":
        if (op === "remove") throw new ScimError(400, "displayName cannot be removed.", "mutability");
        change.displayName = scimString(value, "displayName");
        return;
      case "id":
      case "externalid":
        return;
      default:
        throw new ScimError(400, `Groups have no attribute ${path}.`, "invalidPath");
    }
  };
  for (const operation of operations) {
    if (operation.path) {
      apply(operation.op, operation.path, operation.value);
      continue;
    }
    if (!operation.value || typeof operation.value !== "object" || Array.isArray(operation.value)) {
      throw new ScimError(400, "An operation without a path needs an object value.", "invalidValue");
    }
    for (const [key, value] of Object.entries(operation.value as Json)) apply(operation.op, key, value);
  }
  return change;
}
