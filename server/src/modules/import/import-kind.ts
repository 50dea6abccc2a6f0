import { registerEnumType } from "type-graphql";

/** The kinds of rows an inventory file holds, in the order they are imported. */
export enum ImportKind {
  USER = "USER",
  GROUP_EMAIL = "GROUP_EMAIL",
  SERVICE = "SERVICE",
  COLLABORATOR = "COLLABORATOR",
  KEY = "KEY",
}

registerEnumType(ImportKind, {
  name: "ImportKind",
  description: "A kind of row in an inventory file.",
  valuesConfig: {
    USER: { description: "A member of staff: email, name, status, departedAt." },
    GROUP_EMAIL: { description: "A shared mailbox and its members: email, name, members." },
    SERVICE: { description: "A service: slug, name." },
    COLLABORATOR: { description: "A holder's role on a service: service, holder, role." },
    KEY: {
      description:
        "An existing key, by the SHA-256 digest of its secret: name, environment, holder, secretSha256, prefix and dates.",
    },
  },
});

/** What importing a row does (or, in a dry run, would do). */
export enum ImportOutcome {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
  REFUSED = "REFUSED",
}

registerEnumType(ImportOutcome, {
  name: "ImportOutcome",
  description: "What importing a row does (or, in a dry run, would do).",
  valuesConfig: {
    CREATED: { description: "The row adds something new." },
    UPDATED: { description: "The row changes something already stored." },
    UNCHANGED: { description: "The row matches what is stored; nothing to do." },
    REFUSED: {
      description:
        "The row cannot be imported; its code and message say why. An apply with any refused row writes nothing.",
    },
  },
});

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
