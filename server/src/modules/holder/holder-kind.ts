import { registerEnumType } from "type-graphql";

/** Whether a holder is a person or a shared mailbox. */
export enum HolderKind {
  USER = "USER",
  GROUP = "GROUP",
}

registerEnumType(HolderKind, {
  name: "HolderKind",
  description: "Whether a holder is a member of staff (USER) or a shared group email (GROUP).",
  valuesConfig: {
    USER: { description: "A member of staff; leaves one day, so a risky holder for production keys." },
    GROUP: { description: "A shared mailbox; outlives any one member, the safer holder." },
  },
});
