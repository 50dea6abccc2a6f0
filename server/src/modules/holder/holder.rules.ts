import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Holder } from "./holder.entity.js";

/**
 * Refuses an email that another user or group email already has (emails are unique across
 * both). The database's unique index is the final word; this gives the caller a clear error
 * before any write.
 */
export async function ensureEmailFree(ctx: RequestContext, address: string, exceptId?: string): Promise<void> {
  const existing = await ctx.em.findOne(Holder, { email: address }, { fields: ["id"] });
  if (existing && existing.id !== exceptId) {
    throw new DomainError(ErrorCode.EMAIL_TAKEN, "That email address is already in use.", "email");
  }
}
