import { LockMode } from "@mikro-orm/core";
import { DomainError, ErrorCode } from "../../../shared/errors.js";
import { parseId } from "../../../shared/ids.js";
import { inputSchema } from "../../../shared/input-contract.js";
import { invalidate } from "../../../shared/invalidation.js";
import { applyRenaming } from "../../../shared/renaming.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { inTransaction } from "../../../shared/transaction.js";
import { parseInput } from "../../../shared/validation.js";
import { recordAudit } from "../../audit/audit.service.js";
import { type AuditedKind, changeAudited, createAudited } from "../../audit/audited-change.js";
import { ensureEmailFree } from "../holder.rules.js";
import { User } from "../user/user.entity.js";
import { UserStatus } from "../user/user-status.js";
import { GroupEmail } from "./group-email.entity.js";
import { CreateGroupEmailInput, GroupMembershipInput, UpdateGroupEmailInput } from "./group-email.inputs.js";
import { GroupMembership } from "./group-membership.entity.js";

const createSchema = inputSchema(CreateGroupEmailInput);
const updateSchema = inputSchema(UpdateGroupEmailInput);

function groupSnapshot(group: GroupEmail): Record<string, unknown> {
  return { email: group.email, name: group.name, description: group.description };
}

/** Group emails as the audit trail records their changes. */
const GROUP_EMAILS: AuditedKind<GroupEmail> = {
  entity: GroupEmail,
  subjectType: "GroupEmail",
  notFound: () => new DomainError(ErrorCode.GROUP_NOT_FOUND, "No such group email.", "id"),
  snapshot: groupSnapshot,
};

/** Adds a shared mailbox. */
export async function createGroupEmail(ctx: RequestContext, input: CreateGroupEmailInput): Promise<GroupEmail> {
  const data = parseInput(createSchema, input);
  await ensureEmailFree(ctx, data.email);
  return createAudited(ctx, GROUP_EMAILS, "group_email.created", data);
}

/** Changes a group email's address, name or description, at the version the caller read. */
export async function updateGroupEmail(ctx: RequestContext, input: UpdateGroupEmailInput): Promise<GroupEmail> {
  const data = parseInput(updateSchema, input);
  const id = parseId(data.id);
  if (data.email) await ensureEmailFree(ctx, data.email, id);
  return changeAudited(ctx, GROUP_EMAILS, "group_email.updated", { id, version: data.version }, async (group, em) => {
    if (data.email != null && data.email !== group.email) {
      group.email = data.email;
      await invalidate(ctx, em, [`holder:${group.id}`]);
    }
    applyRenaming(group, data);
  });
}

const membershipSchema = inputSchema(GroupMembershipInput);

/**
 * Adds or removes a member. The group's version moves on, so a concurrent edit of the same
 * group by someone who read it before is told of the change.
 */
export async function changeGroupMembership(
  ctx: RequestContext,
  input: GroupMembershipInput,
  change: "add" | "remove",
): Promise<GroupEmail> {
  const data = parseInput(membershipSchema, input);
  const groupId = parseId(data.groupId, "groupId");
  const userId = parseId(data.userId, "userId");
  return inTransaction(ctx, async (em) => {
    // FOR SHARE: an offboarding of this user (FOR UPDATE) finishes first, so a leaver cannot join.
    // The user before the group: an offboarding holds the leaver and then takes its successors
    // (perhaps this group), so waiting for the user while holding the group could deadlock.
    const user = await em.findOne(User, { id: userId }, { lockMode: LockMode.PESSIMISTIC_READ });
    // Locked, so simultaneous membership changes of one group queue instead of failing each
    // other with VERSION_CONFLICT (the caller sent no version to conflict with).
    const group = await em.findOne(GroupEmail, { id: groupId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!group) throw new DomainError(ErrorCode.GROUP_NOT_FOUND, "No such group email.", "groupId");
    if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "userId");
    const membership = await em.findOne(GroupMembership, { group, user });
    if (change === "add") {
      if (user.status !== UserStatus.ACTIVE) {
        throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot join a group email.", "userId");
      }
      if (membership) throw new DomainError(ErrorCode.ALREADY_MEMBER, "The user is already a member.", "userId");
      em.create(GroupMembership, { group, user, createdAt: ctx.now });
    } else {
      if (!membership) throw new DomainError(ErrorCode.NOT_A_MEMBER, "The user is not a member.", "userId");
      em.remove(membership);
    }
    group.updatedAt = ctx.now;
    recordAudit(ctx, em, {
      action: change === "add" ? "group_email.member_added" : "group_email.member_removed",
      subjectType: "GroupEmail",
      subjectId: group.id,
      after: { member: user.email },
      reason: data.reason,
    });
    return group;
  });
}
