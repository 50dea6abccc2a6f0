import { registerEnumType } from "type-graphql";

/** A member of staff is ACTIVE until offboarded, then DEPARTED for good. */
export enum UserStatus {
  ACTIVE = "ACTIVE",
  DEPARTED = "DEPARTED",
}

registerEnumType(UserStatus, {
  name: "UserStatus",
  description: "Whether a member of staff is still here.",
  valuesConfig: {
    ACTIVE: { description: "Works here; can hold keys and roles." },
    DEPARTED: { description: "Offboarded; holds nothing new." },
  },
});
