import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";

/** Whether a holder is a person or a shared mailbox. */
export const HolderKind = graphqlEnum(
  "HolderKind",
  "Whether a holder is a member of staff (USER) or a shared group email (GROUP).",
  {
    USER: "A member of staff; leaves one day, so a risky holder for production keys.",
    GROUP: "A shared mailbox; outlives any one member, the safer holder.",
  },
);
export type HolderKind = EnumValue<typeof HolderKind>;
