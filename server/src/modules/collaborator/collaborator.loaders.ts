import { defineChildPageLoader } from "../../shared/child-pages.js";
import { Collaborator } from "./collaborator.entity.js";

/** Pages of every role each holder has on a service, by service slug then role (see `childPages`). */
export const collaborationPageByHolderId = defineChildPageLoader<Collaborator>({
  list: "holderCollaborations",
  from: "collaborator c join service s on s.id = c.service_id",
  parent: "c.holder_id",
  child: "c.id",
  order: ["s.slug", "c.role"],
  load: (em, ids) => em.find(Collaborator, { id: { $in: ids } }, { populate: ["service"] }),
  idOf: (c) => c.id,
});

/** Pages of every collaborator role on each service, by role then holder email. */
export const collaboratorPageByServiceId = defineChildPageLoader<Collaborator>({
  list: "serviceCollaborators",
  from: "collaborator c join holder h on h.id = c.holder_id",
  parent: "c.service_id",
  child: "c.id",
  order: ["c.role", "h.email"],
  load: (em, ids) => em.find(Collaborator, { id: { $in: ids } }, { populate: ["holder"] }),
  idOf: (c) => c.id,
});
