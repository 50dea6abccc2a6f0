import { registerEnumType } from "type-graphql";

/** The kinds of rows an inventory file holds, in the order they are imported. */
export enum ImportKind {
  USER = "USER",
  GROUP_EMAIL = "GROUP_EMAIL",
  SERVICE = "SERVICE",
  COLLABORATOR = "COLLABORATOR",
  KEY = "KEY",
}

registerEnumType(ImportKind, { name: "ImportKind", description: "A kind of row in an inventory file." });

/** What importing a row does (or, in a dry run, would do). */
export enum ImportOutcome {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
  REFUSED = "REFUSED",
}

registerEnumType(ImportOutcome, { name: "ImportOutcome" });

/** Each kind's name in a JSON bundle and its CSV columns, as documented in docs/import.md. */
export const KIND_FORMATS: Record<ImportKind, { bundleKey: string; columns: readonly string[] }> = {
  [ImportKind.USER]: { bundleKey: "users", columns: ["email", "name", "status", "departedAt"] },
  [ImportKind.GROUP_EMAIL]: { bundleKey: "groupEmails", columns: ["email", "name", "members"] },
  [ImportKind.SERVICE]: { bundleKey: "services", columns: ["slug", "name"] },
  [ImportKind.COLLABORATOR]: { bundleKey: "collaborators", columns: ["service", "holder", "role"] },
  [ImportKind.KEY]: {
    bundleKey: "keys",
    columns: ["name", "environment", "holder", "secretSha256", "prefix", "createdAt", "expiresAt", "lastUsedAt"],
  },
};
