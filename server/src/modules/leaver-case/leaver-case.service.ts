import type { EntityManager } from "@mikro-orm/postgresql";
import type { RequestContext } from "../../shared/request-context.js";
import { actorLabel, recordAudit } from "../audit/audit.service.js";
import type { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";
import { LeaverCase } from "./leaver-case.entity.js";
import { LeaverCaseResolution } from "./leaver-case-resolution.js";

/**
 * Opens a leaver case for `user` inside the caller's transaction (which holds the user's row
 * lock), unless one is open already or the user has departed: the user is then marked leaving
 * and their offboarding waits for a decision. Returns the case it opened, or null when it opened
 * none (so a repeated deactivation changes nothing and records nothing).
 */
export async function openLeaverCase(ctx: RequestContext, em: EntityManager, user: User): Promise<LeaverCase | null> {
  if (user.status !== UserStatus.ACTIVE) return null;
  if (await em.findOne(LeaverCase, { user, closedAt: null })) return null;
  const leaverCase = em.create(LeaverCase, { user, openedAt: ctx.now, openedBy: actorLabel(ctx.principal) });
  recordAudit(ctx, em, {
    action: "leaver_case.opened",
    subjectType: "User",
    subjectId: user.id,
    after: { email: user.email, leaverCase: leaverCase.id },
  });
  return leaverCase;
}

/**
 * Closes the user's open case because the identity provider made them active again, inside the
 * caller's transaction. Returns false when there was none to close.
 */
export async function closeLeaverCaseOnReactivation(
  ctx: RequestContext,
  em: EntityManager,
  user: User,
): Promise<boolean> {
  const open = await em.findOne(LeaverCase, { user, closedAt: null });
  if (!open) return false;
  open.closedAt = ctx.now;
  open.closedBy = actorLabel(ctx.principal);
  open.resolution = LeaverCaseResolution.REACTIVATED;
  recordAudit(ctx, em, {
    action: "leaver_case.closed",
    subjectType: "User",
    subjectId: user.id,
    before: { leaverCase: open.id, open: true },
    after: { leaverCase: open.id, open: false, resolution: LeaverCaseResolution.REACTIVATED },
  });
  return true;
}

/** The ids of these users that have an open case, in one statement. */
export async function usersWithOpenCases(em: EntityManager, userIds: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await em.execute<{ user_id: string }[]>(
    "select user_id from leaver_case where closed_at is null and user_id = any(?::uuid[])",
    [`{${userIds.join(",")}}`],
  );
  return new Set(rows.map((r) => r.user_id));
}

/** The most cases one `leaverCases` answer lists. */
export const MAX_LEAVER_CASES = 200;

/**
 * Leaver cases: the open ones oldest first (the queue's order), or the closed ones most recently
 * closed first, so that the newest outcomes stay within the answer's limit however many piled up.
 */
export function listLeaverCases(ctx: RequestContext, options: { open: boolean; first: number }): Promise<LeaverCase[]> {
  return ctx.em.find(LeaverCase, options.open ? { closedAt: null } : { closedAt: { $ne: null } }, {
    populate: ["user"],
    orderBy: options.open ? { openedAt: "asc", id: "asc" } : { closedAt: "desc", id: "desc" },
    limit: Math.min(options.first, MAX_LEAVER_CASES),
  });
}

/** How many cases are open. */
export function countOpenLeaverCases(ctx: RequestContext): Promise<number> {
  return ctx.em.count(LeaverCase, { closedAt: null });
}
