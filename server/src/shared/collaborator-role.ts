import { type EnumValue, graphqlEnum } from "./graphql-enum.js";

/** A holder's role on a service. Only BILLING makes the holder's keys work there. */
export const CollaboratorRole = graphqlEnum(
  "CollaboratorRole",
  "A holder's role on a service. Only BILLING makes the holder's keys work there.",
  {
    ADMIN: "Administers the service's account; the holder's keys do not work there by this role.",
    BILLING: "Pays for the service: the holder's active keys of the right environment work on it.",
    VIEWER: "Can see the service's account; the holder's keys do not work there by this role.",
  },
);
export type CollaboratorRole = EnumValue<typeof CollaboratorRole>;
