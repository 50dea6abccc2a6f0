import DataLoader from "dataloader";
import { defineLoader, groupBy } from "../../shared/loaders.js";
import { Collaborator } from "./collaborator.entity.js";

/** Every role each holder has on a service, by service slug then role. */
export const collaborationsByHolderId = defineLoader(
  (em) =>
    new DataLoader<string, Collaborator[]>(async (ids) => {
      const rows = await em.find(
        Collaborator,
        { holder: { $in: [...ids] } },
        { populate: ["service"], orderBy: { service: { slug: "asc" }, role: "asc" } },
      );
      return groupBy(ids, rows, (c) => c.holder.id);
    }),
);

/** Every collaborator role on each service, by role then holder email. */
export const collaboratorsByServiceId = defineLoader(
  (em) =>
    new DataLoader<string, Collaborator[]>(async (ids) => {
      const rows = await em.find(
        Collaborator,
        { service: { $in: [...ids] } },
        { populate: ["holder"], orderBy: { role: "asc", holder: { email: "asc" } } },
      );
      return groupBy(ids, rows, (c) => c.service.id);
    }),
);
