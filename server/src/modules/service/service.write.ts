import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { inputSchema } from "../../shared/input-contract.js";
import { invalidate } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { expectVersion, inTransaction } from "../../shared/transaction.js";
import { parseInput } from "../../shared/validation.js";
import { recordAudit } from "../audit/audit.service.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, UpdateServiceInput } from "./service.inputs.js";

const createSchema = inputSchema(CreateServiceInput);
const updateSchema = inputSchema(UpdateServiceInput);
const archiveSchema = inputSchema(ArchiveServiceInput);

function serviceSnapshot(service: Service): Record<string, unknown> {
  return {
    slug: service.slug,
    name: service.name,
    description: service.description,
    archivedAt: service.archivedAt?.toISOString() ?? null,
  };
}

async function ensureSlugFree(ctx: RequestContext, value: string, exceptId?: string): Promise<void> {
  const existing = await ctx.em.findOne(Service, { slug: value }, { fields: ["id"] });
  if (existing && existing.id !== exceptId)
    throw new DomainError(ErrorCode.SLUG_TAKEN, "That slug is already in use.", "slug");
}

/** Adds a service. */
export async function createService(ctx: RequestContext, input: CreateServiceInput): Promise<Service> {
  const data = parseInput(createSchema, input);
  await ensureSlugFree(ctx, data.slug);
  return inTransaction(ctx, async (em) => {
    const service = em.create(Service, data);
    // Verification caches which slugs exist; a new one must stop being SERVICE_NOT_FOUND. No
    // holder is Billing on it yet, so no cached key's answer changes.
    await invalidate(ctx, em, ["services"]);
    recordAudit(ctx, em, {
      action: "service.created",
      subjectType: "Service",
      subjectId: service.id,
      after: serviceSnapshot(service),
    });
    return service;
  });
}

/** Changes a service's slug, name or description, at the version the caller read. */
export async function updateService(ctx: RequestContext, input: UpdateServiceInput): Promise<Service> {
  const data = parseInput(updateSchema, input);
  const id = parseId(data.id);
  if (data.slug) await ensureSlugFree(ctx, data.slug, id);
  return inTransaction(ctx, async (em) => {
    const service = await em.findOne(Service, { id });
    if (!service) throw new DomainError(ErrorCode.SERVICE_NOT_FOUND, "No such service.", "id");
    expectVersion(service.version, data.version);
    const before = serviceSnapshot(service);
    if (data.slug != null && data.slug !== service.slug) {
      service.slug = data.slug;
      await invalidate(ctx, em, ["all"]);
    }
    if (data.name != null) service.name = data.name;
    if (data.description !== undefined) service.description = data.description;
    recordAudit(ctx, em, {
      action: "service.updated",
      subjectType: "Service",
      subjectId: service.id,
      before,
      after: serviceSnapshot(service),
    });
    return service;
  });
}

/**
 * Archives a service (no key works on it any more, and it takes no new collaborators) or
 * restores it, at the version the caller read. Archiving an archived service (or restoring a
 * live one) at its current version succeeds and changes and records nothing; at a stale version
 * it is a VERSION_CONFLICT like every other write.
 */
export async function setServiceArchived(
  ctx: RequestContext,
  input: ArchiveServiceInput,
  archived: boolean,
): Promise<Service> {
  const data = parseInput(archiveSchema, input);
  const id = parseId(data.id);
  return inTransaction(ctx, async (em) => {
    const service = await em.findOne(Service, { id });
    if (!service) throw new DomainError(ErrorCode.SERVICE_NOT_FOUND, "No such service.", "id");
    expectVersion(service.version, data.version);
    if (Boolean(service.archivedAt) === archived) return service;
    const before = serviceSnapshot(service);
    service.archivedAt = archived ? ctx.now : null;
    // Every holder that is Billing on it gains or loses a service: rare enough to drop all.
    await invalidate(ctx, em, ["all"]);
    recordAudit(ctx, em, {
      action: archived ? "service.archived" : "service.restored",
      subjectType: "Service",
      subjectId: service.id,
      before,
      after: serviceSnapshot(service),
      reason: data.reason,
    });
    return service;
  });
}
