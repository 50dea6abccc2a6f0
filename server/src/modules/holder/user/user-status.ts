import { type EnumValue, graphqlEnum } from "../../../shared/graphql-enum.js";

/** A member of staff is ACTIVE until offboarded, then DEPARTED for good. */
export const UserStatus = graphqlEnum("UserStatus", "Whether a member of staff is still here.", {
  ACTIVE: "Works here; can hold keys and roles.",
  DEPARTED: "Offboarded; holds nothing new.",
});
export type UserStatus = EnumValue<typeof UserStatus>;
