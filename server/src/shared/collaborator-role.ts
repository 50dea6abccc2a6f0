import { registerEnumType } from "type-graphql";

/** A holder's role on a service. Only BILLING makes the holder's keys work there. */
export enum CollaboratorRole {
  ADMIN = "ADMIN",
  BILLING = "BILLING",
  VIEWER = "VIEWER",
}

registerEnumType(CollaboratorRole, { name: "CollaboratorRole" });
