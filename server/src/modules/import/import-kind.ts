import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** The kinds of rows an inventory file holds, in the order they are imported. */
export const ImportKind = graphqlEnum("ImportKind", "A kind of row in an inventory file.", {
  USER: "A member of staff: email, name, status, departedAt.",
  GROUP_EMAIL: "A shared mailbox and its members: email, name, members.",
  SERVICE: "A service: slug, name.",
  COLLABORATOR: "A holder's role on a service: service, holder, role.",
  KEY: "An existing key, by the SHA-256 digest of its secret: name, environment, holder, secretSha256, prefix and dates.",
});
export type ImportKind = EnumValue<typeof ImportKind>;

/** What importing a row does (or, in a dry run, would do). */
export const ImportOutcome = graphqlEnum("ImportOutcome", "What importing a row does (or, in a dry run, would do).", {
  CREATED: "The row adds something new.",
  UPDATED: "The row changes something already stored.",
  UNCHANGED: "The row matches what is stored; nothing to do.",
  REFUSED: "The row cannot be imported; its code and message say why. An apply with any refused row writes nothing.",
});
export type ImportOutcome = EnumValue<typeof ImportOutcome>;

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
