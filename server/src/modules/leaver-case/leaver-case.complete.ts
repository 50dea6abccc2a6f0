import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { offboardUser } from "../offboarding/offboarding.service.js";
import { type OffboardingPlan, offboardingPlan } from "../offboarding/offboarding-plan.service.js";
import { plannedKeysOf } from "../offboarding/planned-keys.js";
import type { LeaverCase } from "./leaver-case.entity.js";

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s) => b.includes(s));

/**
 * Whether a plan can be carried out with no decision left to a person: every key has a suggested
 * successor that is a Billing collaborator on exactly the services the key works on (a key that
 * works nowhere only needs a holder to keep it), and the user is no service's only Billing
 * collaborator, nor any group email's last active member. Such an offboarding moves every key with
 * the same access, gives no key a service it lacked, and leaves no group email without a member.
 */
export async function everyKeyHasExactSuccessor(ctx: RequestContext, plan: OffboardingPlan): Promise<boolean> {
  if (plan.finished || plan.collaborations.some((c) => c.soleBilling)) return false;
  // A group the user was the last active member of would be left holding keys nobody answers for
  // (often the very successor): that is for a person to see, not to be done unseen.
  if (plan.lastActiveMemberOf.length) return false;
  // Every active key shares one suggestion, every inactive key the other.
  if (plan.keyCount > plan.activeKeyCount && !plan.inactiveKeySuggestion.suggestedHolderId) return false;
  if (!plan.activeKeyCount) return true;
  const successor = plan.activeKeySuggestion.suggestedHolderId;
  if (!successor) return false;
  const rows = await ctx.em.execute<{ services: string[] }[]>(
    `select array_agg(s.slug order by s.slug) as services
       from collaborator c join service s on s.id = c.service_id
      where c.holder_id = ? and c.role = 'BILLING' and s.archived_at is null`,
    [successor],
  );
  return sameSet(rows[0]?.services ?? [], plan.activeKeysWorkOn);
}

/**
 * Completes a freshly opened case at once when `everyKeyHasExactSuccessor` holds: offboards the
 * user with every key reassigned to its suggested successor, acting as the request's principal
 * (the SCIM client), under an idempotency key of the case so a retry acts once. The offboarding
 * still refuses anything that would widen access; then, or on any expected refusal, the case
 * simply stays open for a person. A case closed meanwhile (the user reactivated) is left alone.
 * Returns whether it completed the case.
 */
export async function autoCompleteLeaverCase(ctx: RequestContext, leaverCase: LeaverCase): Promise<boolean> {
  const plan = await offboardingPlan(ctx, leaverCase.user.id);
  if (!(await everyKeyHasExactSuccessor(ctx, plan))) return false;
  const keys = await plannedKeysOf(ctx, plan);
  try {
    await offboardUser(
      ctx,
      {
        userId: leaverCase.user.id,
        decisions: keys.map((k) => ({ keyId: k.keyId, action: "REASSIGN", toHolderId: k.suggestedHolderId })),
        reason: "Deactivated by the identity provider; every key had an exact-match successor.",
        idempotencyKey: `leaver-case:${leaverCase.id}`,
      },
      {
        // The case was opened in an earlier transaction: a reactivation may have closed it since.
        // Checked under the user's lock, which a reactivation also takes, so it cannot slip in after.
        precondition: async (em) => {
          const [open] = await em.execute<{ id: string }[]>(
            "select id from leaver_case where id = ? and closed_at is null",
            [leaverCase.id],
          );
          if (!open) {
            throw new DomainError(
              ErrorCode.VERSION_CONFLICT,
              "The leaver case was closed before it could be completed.",
            );
          }
        },
      },
    );
    return true;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    ctx.log.info(
      { code: error.code, leaverCase: leaverCase.id },
      "leaver case not completed automatically: the offboarding was refused",
    );
    return false;
  }
}
