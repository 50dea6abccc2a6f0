import { registerEnumType } from "type-graphql";

/** A member of staff is ACTIVE until offboarded, then DEPARTED for good. */
export enum UserStatus {
  ACTIVE = "ACTIVE",
  DEPARTED = "DEPARTED",
}

registerEnumType(UserStatus, { name: "UserStatus" });
