import { LockMode } from "@mikro-orm/core";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { parseInput, reason } from "../../shared/validation.js";
import { recordAudit } from "../audit/audit.service.js";
import { Holder } from "../holder/holder.entity.js";
import { Service } from "../service/service.entity.js";
import { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { Collaborator } from "./collaborator.entity.js";
import { CollaboratorRole } from "./collaborator-role.js";

const addSchema = z.object({ serviceId: z.string(), holderId: z.string(), role: z.enum(CollaboratorRole), reason });
const removeSchema = z.object({ id: z.string(), reason });

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
    // FOR SHARE: an offboarding of this holder (FOR UPDATE) finishes first, so a leaver gains no role.
    const holder = await em.findOne(Holder, { id: holderId }, { lockMode: LockMode.PESSIMISTIC_READ });
    // The service FOR SHARE too, after the holder (README, Architecture: holder rows first): an
    // archiving under way finishes first, so an archived service takes no new collaborator.
    const service = await em.findOne(Service, { id: serviceId }, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!service) throw new DomainError(ErrorCode.SERVICE_NOT_FOUND, "No such service.", "serviceId");
    if (service.archivedAt) throw new DomainError(ErrorCode.SERVICE_ARCHIVED, "The service is archived.", "serviceId");
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
