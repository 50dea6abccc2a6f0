import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { inputSchema } from "../../shared/input-contract.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import type { Sql } from "../../shared/sql.js";
import { inTransaction } from "../../shared/transaction.js";
import { parseInput } from "../../shared/validation.js";
import { keyIsActive, keyWorksOnService } from "../api-key/api-key.conditions.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { recordAudit } from "../audit/audit.service.js";
import { Holder } from "../holder/holder.entity.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { Service } from "../service/service.entity.js";
import { Collaborator } from "./collaborator.entity.js";
import { AddCollaboratorInput, ChangeCollaboratorRoleInput, RemoveCollaboratorInput } from "./collaborator.inputs.js";

const addSchema = inputSchema(AddCollaboratorInput);
const removeSchema = inputSchema(RemoveCollaboratorInput);
const changeSchema = inputSchema(ChangeCollaboratorRoleInput);

function snapshot(c: Collaborator): Record<string, unknown> {
  return { service: c.service.slug, holder: c.holder.email, role: c.role };
}

/** Gives a holder a role on a service. A BILLING role makes the holder's keys work there. */
export async function addCollaborator(ctx: RequestContext, input: AddCollaboratorInput): Promise<Collaborator> {
  const data = parseInput(addSchema, input);
  const serviceId = parseId(data.serviceId, "serviceId");
  const holderId = parseId(data.holderId, "holderId");
  return inTransaction(ctx, async (em) => {
    // FOR SHARE: an offboarding of this holder (FOR UPDATE) finishes first, so a leaver gains no role.
    const holder = await em.findOne(Holder, { id: holderId }, { lockMode: LockMode.PESSIMISTIC_READ });
    // The service FOR SHARE too, after the holder (docs/architecture.md: holder rows first): an
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
export async function removeCollaborator(ctx: RequestContext, input: RemoveCollaboratorInput): Promise<Collaborator> {
  const data = parseInput(removeSchema, input);
  const id = parseId(data.id);
  return inTransaction(ctx, async (em) => {
    // Locked, so simultaneous removals queue: the later ones find it gone, and only one is audited.
    // Only the collaborator row (a FOR UPDATE over the join would lock its holder and service too):
    // an offboarding holds the leaver's holder row and then deletes their collaborations, so taking
    // the holder after the collaborator would invert the lock order (docs/architecture.md).
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

/** A role change refused until the caller allows what it does to the holder's keys; carries the keys. */
abstract class KeysRefusal extends DomainError {
  constructor(
    readonly keys: ApiKey[],
    code: ErrorCode,
    change: { service: Service; holder: Holder; would: string; allow: "allowKeysToStop" | "allowWiderAccess" },
  ) {
    const { service, holder, would, allow } = change;
    super(
      code,
      `${keys.length} ${keys.length === 1 ? "key" : "keys"} of ${holder.email} would ${would} working on ${service.slug}: ` +
        `${namedKeys(keys)}. Set ${allow} to change the role all the same.`,
      allow,
    );
  }
}

/** A role change that would stop keys working, refused until the caller allows it. */
export class KeysWouldStopError extends KeysRefusal {
  override name = "KeysWouldStopError";

  constructor(keys: ApiKey[], service: Service, holder: Holder) {
    super(keys, ErrorCode.KEYS_WOULD_STOP, { service, holder, would: "stop", allow: "allowKeysToStop" });
  }
}

/** A role change to BILLING that would make keys work on the service, refused until the caller allows wider access. */
export class KeysWouldGainError extends KeysRefusal {
  override name = "KeysWouldGainError";

  constructor(keys: ApiKey[], service: Service, holder: Holder) {
    super(keys, ErrorCode.ACCESS_WOULD_WIDEN, { service, holder, would: "start", allow: "allowWiderAccess" });
  }
}

function namedKeys(keys: ApiKey[]): string {
  const named = keys
    .slice(0, NAMED_KEYS)
    .map((k) => `${k.name} (${k.prefix}…)`)
    .join(", ");
  return keys.length > NAMED_KEYS ? `${named} and ${keys.length - NAMED_KEYS} more` : named;
}

/** A role changed, and the holder's keys that stopped or started working on the service because of it. */
export interface RoleChange {
  collaborator: Collaborator;
  keysThatStop: ApiKey[];
  keysThatGain: ApiKey[];
}

/**
 * Changes a collaborator's role in one step, keeping the collaborator: one transaction, one
 * `collaborator.role_changed` event with the role before and after. A role the holder already
 * has there is COLLABORATOR_EXISTS. Leaving BILLING stops the holder's active keys working on
 * the service; when there are any, the change is refused with KEYS_WOULD_STOP, naming them,
 * unless `allowKeysToStop` is set. Becoming BILLING makes every active key of the holder work
 * there (invariant 5: no key gains a service the operator was not shown): when there are any, the
 * change is refused with ACCESS_WOULD_WIDEN, naming them, unless `allowWiderAccess` is set. Like
 * adding a role, it is refused on an archived service and for a departed user.
 */
export async function changeCollaboratorRole(
  ctx: RequestContext,
  input: ChangeCollaboratorRoleInput,
): Promise<RoleChange> {
  const data = parseInput(changeSchema, input);
  const id = parseId(data.id);
  return inTransaction(ctx, async (em) => {
    // The holder first (FOR SHARE, as when adding a role), then the role: an offboarding locks
    // the holder and then removes its roles, so taking them the other way round could deadlock.
    // An offboarding of this holder finishes first, and the role is then found gone.
    const [found] = await em.execute<{ holder_id: string }[]>("select holder_id from collaborator where id = ?", [id]);
    if (!found) throw new DomainError(ErrorCode.COLLABORATOR_NOT_FOUND, "No such collaborator.", "id");
    const holder = await em.findOne(Holder, { id: found.holder_id }, { lockMode: LockMode.PESSIMISTIC_READ });
    // Locked, so a simultaneous removal or change of this role waits and then sees this one.
    const collaborator =
      holder &&
      (await em.findOne(Collaborator, { id, holder }, { populate: ["service"], lockMode: LockMode.PESSIMISTIC_WRITE }));
    if (!holder || !collaborator) {
      throw new DomainError(ErrorCode.COLLABORATOR_NOT_FOUND, "No such collaborator.", "id");
    }
    const { service } = collaborator;
    if (service.archivedAt) throw new DomainError(ErrorCode.SERVICE_ARCHIVED, "The service is archived.", "id");
    if (holder instanceof User && holder.status !== UserStatus.ACTIVE) {
      throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot take a new role.", "id");
    }
    if (collaborator.role === data.role || (await em.count(Collaborator, { service, holder, role: data.role }))) {
      throw new DomainError(ErrorCode.COLLABORATOR_EXISTS, "The holder already has that role on the service.", "role");
    }
    const leavesBilling = collaborator.role === CollaboratorRole.BILLING;
    const keysThatStop = leavesBilling ? await keysWorkingThere(em, holder, service, ctx.now) : [];
    if (keysThatStop.length && !data.allowKeysToStop) throw new KeysWouldStopError(keysThatStop, service, holder);
    // Not BILLING there before (roles are unique per holder and service), so every active key gains it.
    const keysThatGain = data.role === CollaboratorRole.BILLING ? await activeKeys(em, holder, ctx.now) : [];
    if (keysThatGain.length && !data.allowWiderAccess) throw new KeysWouldGainError(keysThatGain, service, holder);
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
    return { collaborator, keysThatStop, keysThatGain };
  });
}

/** The holder's keys that work on the service now (the two-hop rule), by name. */
function keysWorkingThere(em: EntityManager, holder: Holder, service: Service, now: Date): Promise<ApiKey[]> {
  return holderKeysWhere(em, holder, keyWorksOnService(service.id, now));
}

/** The holder's active keys (not revoked, not expired), by name. */
function activeKeys(em: EntityManager, holder: Holder, now: Date): Promise<ApiKey[]> {
  return holderKeysWhere(em, holder, keyIsActive(now));
}

/** The holder's keys that meet `condition` (on the key aliased `k`), by name. */
function holderKeysWhere(em: EntityManager, holder: Holder, condition: Sql): Promise<ApiKey[]> {
  return em
    .createQueryBuilder(ApiKey, "k")
    .where("k.holder_id = ?", [holder.id])
    .andWhere(`(${condition.text})`, [...condition.params])
    .orderBy({ name: "asc", id: "asc" })
    .getResultList();
}
