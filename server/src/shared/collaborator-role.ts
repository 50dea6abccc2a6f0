import { registerEnumType } from "type-graphql";

/** A holder's role on a service. Only BILLING makes the holder's keys work there. */
export enum CollaboratorRole {
  ADMIN = "ADMIN",
  BILLING = "BILLING",
  VIEWER = "VIEWER",
}

registerEnumType(CollaboratorRole, {
  name: "CollaboratorRole",
  description: "A holder's role on a service. Only BILLING makes the holder's keys work there.",
  valuesConfig: {
    ADMIN: { description: "Administers the service's account; the holder's keys do not work there by this role." },
    BILLING: { description: "Pays for the service: the holder's active keys of the right environment work on it." },
    VIEWER: { description: "Can see the service's account; the holder's keys do not work there by this role." },
  },
});
