import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { parseInput, reason } from "../../shared/validation.js";
import { keyWorksOnService } from "../api-key/api-key.conditions.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { recordAudit } from "../audit/audit.service.js";
import { Holder } from "../holder/holder.entity.js";
import { Service } from "../service/service.entity.js";
import { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { Collaborator } from "./collaborator.entity.js";
import { CollaboratorRole } from "./collaborator-role.js";

const addSchema = z.object({ serviceId: z.string(), holderId: z.string(), role: z.enum(CollaboratorRole), reason });
const removeSchema = z.object({ id: z.string(), reason });
const changeSchema = z.object({
  id: z.string(),
  role: z.enum(CollaboratorRole),
  reason,
  allowKeysToStop: z.boolean().nullish(),
});

function snapshot(c: Collaborator): Record<string, unknown> {
  return { service: c.service.slug, holder: c.holder.email, role: c.role };
}

/** Gives a holder a role on a service. A BILLING role makes the holder's keys work there. */
export async function addCollaborator(
  ctx: RequestContext,
  input: { serviceId: string; holderId: string; role: CollaboratorRole; reason?: string | null },
): Promise<Collaborator> {
  const data = parseInput(addSchema, input);
  const serviceId = parseId(data.serviceId, "serviceId");
  const holderId = parseId(data.holderId, "holderId");
  return inTransaction(ctx, async (em) => {
    const service = await em.findOne(Service, { id: serviceId });
    if (!service) throw new DomainError(ErrorCode.SERVICE_NOT_FOUND, "No such service.", "serviceId");
    if (service.archivedAt) throw new DomainError(ErrorCode.SERVICE_ARCHIVED, "The service is archived.", "serviceId");
    // FOR SHARE: an offboarding of this holder (FOR UPDATE) finishes first, so a leaver gains no role.
    const holder = await em.findOne(Holder, { id: holderId }, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!holder) throw new DomainError(ErrorCode.HOLDER_NOT_FOUND, "No such holder.", "holderId");
    if (holder instanceof User && holder.status !== UserStatus.ACTIVE) {
      throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot become a collaborator.", "holderId");
    }
    if (await em.count(Collaborator, { service, holder, role: data.role })) {
      throw new DomainError(ErrorCode.COLLABORATOR_EXISTS, "The holder already has that role on the service.", "role");
    }
    const collaborator = em.create(Collaborator, { service, holder, role: data.role, createdAt: ctx.now });
    if (data.role === CollaboratorRole.BILLING) await invalidate(ctx, em, [`holder:${holder.id}`]);
    recordAudit(ctx, em, {
      action: "collaborator.added",
      subjectType: "Service",
      subjectId: service.id,
      after: snapshot(collaborator),
      reason: data.reason,
    });
    return collaborator;
  });
}

/** Takes a role away. Removing a BILLING role stops the holder's keys working on the service. */
export async function removeCollaborator(
  ctx: RequestContext,
  input: { id: string; reason?: string | null },
): Promise<Collaborator> {
  const data = parseInput(removeSchema, input);
  const id = parseId(data.id);
  return inTransaction(ctx, async (em) => {
    // Locked, so simultaneous removals queue: the later ones find it gone, and only one is audited.
    // Only the collaborator row (a FOR UPDATE over the join would lock its holder and service too):
    // an offboarding holds the leaver's holder row and then deletes their collaborations, so taking
    // the holder after the collaborator would invert the lock order (README, Architecture).
    await em.execute("select c.id from collaborator c where c.id = ? for update of c", [id]);
    const collaborator = await em.findOne(Collaborator, { id }, { populate: ["service", "holder"], refresh: true });
    if (!collaborator) throw new DomainError(ErrorCode.COLLABORATOR_NOT_FOUND, "No such collaborator.", "id");
    em.remove(collaborator);
    if (collaborator.role === CollaboratorRole.BILLING) await invalidate(ctx, em, [`holder:${collaborator.holder.id}`]);
    recordAudit(ctx, em, {
      action: "collaborator.removed",
      subjectType: "Service",
      subjectId: collaborator.service.id,
      before: snapshot(collaborator),
      reason: data.reason,
    });
    return collaborator;
  });
}

/** Keys named in a KEYS_WOULD_STOP message; past this many, the rest are counted. */
const NAMED_KEYS = 20;

/** A role change that would stop keys working, refused until the caller allows it; carries the keys. */
export class KeysWouldStopError extends DomainError {
  override name = "KeysWouldStopError";

  constructor(
    readonly keys: ApiKey[],
    service: Service,
    holder: Holder,
  ) {
    const named = keys
      .slice(0, NAMED_KEYS)
      .map((k) => `${k.name} (${k.prefix}…)`)
      .join(", ");
    const more = keys.length > NAMED_KEYS ? ` and ${keys.length - NAMED_KEYS} more` : "";
    super(
      ErrorCode.KEYS_WOULD_STOP,
      `${keys.length} ${keys.length === 1 ? "key" : "keys"} of ${holder.email} would stop working on ${service.slug}: ` +
        `${named}${more}. Set allowKeysToStop to change the role all the same.`,
      "allowKeysToStop",
    );
  }
}

/** A role changed, and the holder's keys that stopped working on the service because of it. */
export interface RoleChange {
  collaborator: Collaborator;
  keysThatStop: ApiKey[];
}

/**
 * Changes a collaborator's role in one step, keeping the collaborator: one transaction, one
 * `collaborator.role_changed` event with the role before and after. A role the holder already
 * has there is COLLABORATOR_EXISTS. Leaving BILLING stops the holder's active keys working on
 * the service; when there are any, the change is refused with KEYS_WOULD_STOP, naming them,
 * unless `allowKeysToStop` is set. Like adding a role, it is refused on an archived service and
 * for a departed user.
 */
export async function changeCollaboratorRole(
  ctx: RequestContext,
  input: { id: string; role: CollaboratorRole; reason?: string | null; allowKeysToStop?: boolean | null },
): Promise<RoleChange> {
  const data = parseInput(changeSchema, input);
  const id = parseId(data.id);
  return inTransaction(ctx, async (em) => {
    // Locked, so a simultaneous removal or change of this role waits and then sees this one.
    const collaborator = await em.findOne(
      Collaborator,
      { id },
      { populate: ["service", "holder"], lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!collaborator) throw new DomainError(ErrorCode.COLLABORATOR_NOT_FOUND, "No such collaborator.", "id");
    const { service } = collaborator;
    if (service.archivedAt) throw new DomainError(ErrorCode.SERVICE_ARCHIVED, "The service is archived.", "id");
    // FOR SHARE, as when adding a role: an offboarding of this holder finishes first.
    const holder = await em.findOneOrFail(
      Holder,
      { id: collaborator.holder.id },
      { lockMode: LockMode.PESSIMISTIC_READ },
    );
    if (holder instanceof User && holder.status !== UserStatus.ACTIVE) {
      throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot take a new role.", "id");
    }
    if (collaborator.role === data.role || (await em.count(Collaborator, { service, holder, role: data.role }))) {
      throw new DomainError(ErrorCode.COLLABORATOR_EXISTS, "The holder already has that role on the service.", "role");
    }
    const leavesBilling = collaborator.role === CollaboratorRole.BILLING;
    const keysThatStop = leavesBilling ? await keysWorkingThere(em, holder, service, ctx.now) : [];
    if (keysThatStop.length && !data.allowKeysToStop) throw new KeysWouldStopError(keysThatStop, service, holder);
    const before = snapshot(collaborator);
    collaborator.role = data.role;
    if (leavesBilling || data.role === CollaboratorRole.BILLING) await invalidate(ctx, em, [`holder:${holder.id}`]);
    recordAudit(ctx, em, {
      action: "collaborator.role_changed",
      subjectType: "Service",
      subjectId: service.id,
      before,
      after: snapshot(collaborator),
      reason: data.reason,
    });
    return { collaborator, keysThatStop };
  });
}

/** The holder's keys that work on the service now (the two-hop rule), by name. */
async function keysWorkingThere(em: EntityManager, holder: Holder, service: Service, now: Date): Promise<ApiKey[]> {
  const works = keyWorksOnService(service.id, now);
  return em
    .createQueryBuilder(ApiKey, "k")
    .where("k.holder_id = ?", [holder.id])
    .andWhere(`(${works.text})`, [...works.params])
    .orderBy({ name: "asc", id: "asc" })
    .getResultList();
}
