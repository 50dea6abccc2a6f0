import { registerEnumType } from "type-graphql";

/** Whether a holder is a person or a shared mailbox. */
export enum HolderKind {
  USER = "USER",
  GROUP = "GROUP",
}

registerEnumType(HolderKind, {
  name: "HolderKind",
  description: "Whether a holder is a member of staff (USER) or a shared group email (GROUP).",
});
