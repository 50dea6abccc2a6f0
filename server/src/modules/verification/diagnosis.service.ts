import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { RequestContext } from "../../shared/request-context.js";
import { ApiKey } from "../api-key/api-key.entity.js";
import { ApiKeyStatus } from "../api-key/api-key-status.js";
import { Collaborator } from "../collaborator/collaborator.entity.js";
import { HolderKind } from "../holder/holder-kind.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { Service } from "../service/service.entity.js";
import { VerifyReason } from "./verify-reason.js";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A diagnosis: the verify reason, in words, with the changes that would make the key work. */
export interface Diagnosis {
  works: boolean;
  reason: VerifyReason;
  explanation: string;
  fixes: string[];
}

/**
 * Explains "why doesn't my key work on service S?" from the database (not the cache), in the
 * same terms as verification, and says what would fix it: e.g. which holder to add as a
 * Billing collaborator, or which group email already is one. An unknown slug is a
 * SERVICE_NOT_FOUND error rather than a diagnosis: there is nothing to diagnose.
 */
export async function diagnoseApiKey(ctx: RequestContext, keyId: string, serviceSlug: string): Promise<Diagnosis> {
  const key = await ctx.em.findOne(ApiKey, { id: parseId(keyId, "keyId") }, { populate: ["holder"] });
  if (!key) throw new DomainError(ErrorCode.KEY_NOT_FOUND, "No such API key.", "keyId");
  const service = await ctx.em.findOne(Service, { slug: serviceSlug.trim().toLowerCase() });
  if (!service)
    throw new DomainError(ErrorCode.SERVICE_NOT_FOUND, `No service has the slug "${serviceSlug}".`, "service");
  const holder = key.holder;
  const status = key.statusAt(ctx.now);
  if (status === ApiKeyStatus.REVOKED) {
    return {
      works: false,
      reason: VerifyReason.REVOKED,
      explanation: `The key was revoked on ${day(key.revokedAt as Date)}: ${key.revokedReason}.`,
      fixes: [`Issue a new ${key.environment} key to ${holder.email}; a revoked key cannot be restored.`],
    };
  }
  if (key.suspendedAt) {
    return {
      works: false,
      reason: VerifyReason.SUSPENDED,
      explanation: `The key was suspended on ${day(key.suspendedAt)}: ${key.suspendedReason}.`,
      fixes: ["Resume it (resumeApiKey) once whoever uses it is known, or revoke it."],
    };
  }
  if (status === ApiKeyStatus.EXPIRED) {
    return {
      works: false,
      reason: VerifyReason.EXPIRED,
      explanation: `The key expired on ${day(key.expiresAt as Date)}.`,
      fixes: ["Extend its expiry (updateApiKey), or issue a new key."],
    };
  }
  const billing = await ctx.em.find(
    Collaborator,
    { service, role: CollaboratorRole.BILLING },
    { populate: ["holder"], orderBy: { holder: { email: "asc" } } },
  );
  const departed = holder instanceof User && holder.status === UserStatus.DEPARTED;
  const departedNote = departed ? ` ${holder.email} has left; move the key to a group email.` : "";
  if (service.archivedAt) {
    return {
      works: false,
      reason: VerifyReason.SERVICE_ARCHIVED,
      explanation: `${service.name} (${service.slug}) is archived and accepts no key.`,
      fixes: [`Restore ${service.slug} if it is still in use.`],
    };
  }
  if (billing.some((c) => c.holder.id === holder.id)) {
    return {
      works: true,
      reason: VerifyReason.VALID,
      explanation: `The key works on ${service.slug}: it is active and ${holder.email} is a Billing collaborator there.${departedNote}`,
      fixes: [],
    };
  }
  const groups = billing.filter((c) => c.holder.kind === HolderKind.GROUP).map((c) => c.holder.email);
  const fixes = [`Add ${holder.email} as a Billing collaborator on ${service.slug}.`];
  if (groups.length) fixes.push(`Or reassign the key to ${groups.join(" or ")}, already a Billing collaborator there.`);
  return {
    works: false,
    reason: VerifyReason.HOLDER_NOT_BILLING_COLLABORATOR,
    explanation: `The key is active, but its holder ${holder.email} is not a Billing collaborator on ${service.slug}.${departedNote}`,
    fixes,
  };
}
