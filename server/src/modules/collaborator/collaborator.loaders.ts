import { defineChildPageLoader } from "../../shared/child-pages.js";
import { date } from "../../shared/read-model.js";
import type { Holder } from "../holder/holder.entity.js";
import { holderColumns, holderFromRow } from "../holder/holder.read-model.js";
import type { Service } from "../service/service.entity.js";
import { serviceColumns, serviceFromRow } from "../service/service.loaders.js";
import type { Collaborator } from "./collaborator.entity.js";

// Read models (see shared/read-model.ts): a services page asks for ~40 collaborators per service
// and each one's holder; building ORM entities for them cost most of the page. The statement that
// picks each parent's page (shared/child-pages.ts) reads the roles with the side the list shows
// joined (a service's collaborators: joined to the picked roles only); the other side is a
// reference the relation's loader fetches only if the query asks for it. Holders and services are reached by a lateral lookup by primary key (its
// `limit 1` keeps it one): one index probe per role, where a join would let the planner hash a
// scan of every holder, whose cost grows with the registry.

type Row = Record<string, unknown>;

/**
 * A role as a plain object with the Collaborator type's fields: it has no method to inherit, and
 * an entity-class instance (fields defined one by one past the ORM's accessors) costs ~10 µs more
 * per role.
 */
function collaboratorFromRow(row: Row, holder: Holder | { id: string }, service: Service | { id: string }) {
  const collaborator: Pick<Collaborator, "id" | "role" | "createdAt" | "holder" | "service"> = {
    id: row.c_id as string,
    role: row.c_role as Collaborator["role"],
    createdAt: date(row.c_created_at) as Date,
    holder: holder as Holder,
    service: service as Service,
  };
  return collaborator as Collaborator;
}

const roleColumns = `c.id as c_id, c.role as c_role, c.created_at as c_created_at, c.holder_id as c_holder_id,
  c.service_id as c_service_id`;
const serviceOfRole = "cross join lateral (select * from service s where s.id = c.service_id limit 1) s";
const holderOfPicked = "cross join lateral (select * from holder h where h.id = w.c_holder_id limit 1) h";

/** Pages of every role each holder has on a service, by service slug then role (see `childPages`), each with its service. */
export const collaborationPageByHolderId = defineChildPageLoader<Collaborator>({
  list: "holderCollaborations",
  from: `collaborator c ${serviceOfRole}`,
  parent: "c.holder_id",
  child: "c.id",
  order: ["s.slug", "c.role"],
  items: {
    read: `${roleColumns}, ${serviceColumns("s")}`,
    fromRow: (r) => collaboratorFromRow(r, { id: r.c_holder_id as string }, serviceFromRow(r)),
  },
  idOf: (c) => c.id,
});

/**
 * Pages of every collaborator role on each service, by role then holder email, each with its
 * holder. Each role carries its holder's email, and `collaborator_service_role_idx` holds that
 * order and the role's columns: the pages are picked from that index alone, and only the roles on
 * them look up their holder (a page of 50 services reads ~1,000 holders, not all ~1,900 of their
 * roles' holders, whose rows lie scattered in a large registry).
 */
export const collaboratorPageByServiceId = defineChildPageLoader<Collaborator>({
  list: "serviceCollaborators",
  from: "collaborator c",
  parent: "c.service_id",
  child: "c.id",
  order: ["c.role", "c.holder_email"],
  items: {
    read: roleColumns,
    join: { from: holderOfPicked, read: holderColumns("h") },
    fromRow: (r) => collaboratorFromRow(r, holderFromRow(r, "h"), { id: r.c_service_id as string }),
  },
  idOf: (c) => c.id,
});
