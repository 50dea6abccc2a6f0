import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { inputSchema } from "../../shared/input-contract.js";
import { invalidate } from "../../shared/invalidation.js";
import { applyRenaming } from "../../shared/renaming.js";
import type { RequestContext } from "../../shared/request-context.js";
import { parseInput } from "../../shared/validation.js";
import { type AuditedKind, changeAudited, createAudited } from "../audit/audited-change.js";
import { Service } from "./service.entity.js";
import { ArchiveServiceInput, CreateServiceInput, UpdateServiceInput } from "./service.inputs.js";

const createSchema = inputSchema(CreateServiceInput);
const updateSchema = inputSchema(UpdateServiceInput);
const archiveSchema = inputSchema(ArchiveServiceInput);

/** Services as the audit trail records their changes. */
const SERVICES: AuditedKind<Service> = {
  entity: Service,
  subjectType: "Service",
  notFound: () => new DomainError(ErrorCode.SERVICE_NOT_FOUND, "No such service.", "id"),
  snapshot: (service) => ({
    slug: service.slug,
    name: service.name,
    description: service.description,
    archivedAt: service.archivedAt?.toISOString() ?? null,
  }),
};

async function ensureSlugFree(ctx: RequestContext, value: string, exceptId?: string): Promise<void> {
  const existing = await ctx.em.findOne(Service, { slug: value }, { fields: ["id"] });
  if (existing && existing.id !== exceptId)
    throw new DomainError(ErrorCode.SLUG_TAKEN, "That slug is already in use.", "slug");
}

/** Adds a service. */
export async function createService(ctx: RequestContext, input: CreateServiceInput): Promise<Service> {
  const data = parseInput(createSchema, input);
  await ensureSlugFree(ctx, data.slug);
  return createAudited(ctx, SERVICES, "service.created", data, async (em) => {
    // Verification caches which slugs exist; a new one must stop being SERVICE_NOT_FOUND. No
    // holder is Billing on it yet, so no cached key's answer changes.
    await invalidate(ctx, em, ["services"]);
  });
}

/** Changes a service's slug, name or description, at the version the caller read. */
export async function updateService(ctx: RequestContext, input: UpdateServiceInput): Promise<Service> {
  const data = parseInput(updateSchema, input);
  const id = parseId(data.id);
  if (data.slug) await ensureSlugFree(ctx, data.slug, id);
  return changeAudited(ctx, SERVICES, "service.updated", { id, version: data.version }, async (service, em) => {
    if (data.slug != null && data.slug !== service.slug) {
      service.slug = data.slug;
      await invalidate(ctx, em, ["all"]);
    }
    applyRenaming(service, data);
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
  const target = { id: parseId(data.id), version: data.version, reason: data.reason };
  const action = archived ? "service.archived" : "service.restored";
  return changeAudited(ctx, SERVICES, action, target, async (service, em) => {
    if (Boolean(service.archivedAt) === archived) return false;
    service.archivedAt = archived ? ctx.now : null;
    // Every holder that is Billing on it gains or loses a service: rare enough to drop all.
    await invalidate(ctx, em, ["all"]);
  });
}
