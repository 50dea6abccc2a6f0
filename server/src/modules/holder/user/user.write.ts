import { DomainError, ErrorCode } from "../../../shared/errors.js";
import { parseId } from "../../../shared/ids.js";
import { inputSchema } from "../../../shared/input-contract.js";
import { invalidate } from "../../../shared/invalidation.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { parseInput } from "../../../shared/validation.js";
import { type AuditedKind, changeAudited, createAudited } from "../../audit/audited-change.js";
import { ensureEmailFree } from "../holder.rules.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { userSnapshot } from "./user.snapshot.js";
import { UserStatus } from "./user-status.js";

const createSchema = inputSchema(CreateUserInput);
const updateSchema = inputSchema(UpdateUserInput);

/** Users as the audit trail records their changes. */
const USERS: AuditedKind<User> = {
  entity: User,
  subjectType: "User",
  notFound: () => new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "id"),
  snapshot: userSnapshot,
};

/** Adds a member of staff (ACTIVE). */
export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
  const data = parseInput(createSchema, input);
  await ensureEmailFree(ctx, data.email);
  return createAudited(ctx, USERS, "user.created", { ...data, status: UserStatus.ACTIVE });
}

/**
 * Renames a user or changes their email, at the version the caller read. A departed user is
 * history and cannot be edited; status changes only through offboarding.
 */
export async function updateUser(ctx: RequestContext, input: UpdateUserInput): Promise<User> {
  const data = parseInput(updateSchema, input);
  const id = parseId(data.id);
  if (data.email) await ensureEmailFree(ctx, data.email, id);
  return changeAudited(ctx, USERS, "user.updated", { id, version: data.version }, async (user, em) => {
    if (user.status === UserStatus.DEPARTED) {
      throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot be edited.", "id");
    }
    if (data.email != null && data.email !== user.email) {
      user.email = data.email;
      await invalidate(ctx, em, [`holder:${user.id}`, `user:${user.id}`]);
    }
    if (data.name != null) user.name = data.name;
  });
}
