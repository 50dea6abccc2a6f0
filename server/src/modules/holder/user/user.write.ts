import { DomainError, ErrorCode } from "../../../shared/errors.js";
import { parseId } from "../../../shared/ids.js";
import { inputSchema } from "../../../shared/input-contract.js";
import { invalidate } from "../../../shared/invalidation.js";
import type { RequestContext } from "../../../shared/request-context.js";
import { expectVersion, inTransaction } from "../../../shared/transaction.js";
import { parseInput } from "../../../shared/validation.js";
import { recordAudit } from "../../audit/audit.service.js";
import { ensureEmailFree } from "../holder.rules.js";
import { User } from "./user.entity.js";
import { CreateUserInput, UpdateUserInput } from "./user.inputs.js";
import { userSnapshot } from "./user.snapshot.js";
import { UserStatus } from "./user-status.js";

const createSchema = inputSchema(CreateUserInput);
const updateSchema = inputSchema(UpdateUserInput);

/** Adds a member of staff (ACTIVE). */
export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<User> {
  const data = parseInput(createSchema, input);
  await ensureEmailFree(ctx, data.email);
  return inTransaction(ctx, async (em) => {
    const user = em.create(User, { ...data, status: UserStatus.ACTIVE });
    recordAudit(ctx, em, {
      action: "user.created",
      subjectType: "User",
      subjectId: user.id,
      after: userSnapshot(user),
    });
    return user;
  });
}

/**
 * Renames a user or changes their email, at the version the caller read. A departed user is
 * history and cannot be edited; status changes only through offboarding.
 */
export async function updateUser(ctx: RequestContext, input: UpdateUserInput): Promise<User> {
  const data = parseInput(updateSchema, input);
  const id = parseId(data.id);
  if (data.email) await ensureEmailFree(ctx, data.email, id);
  return inTransaction(ctx, async (em) => {
    const user = await em.findOne(User, { id });
    if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "No such user.", "id");
    expectVersion(user.version, data.version);
    if (user.status === UserStatus.DEPARTED) {
      throw new DomainError(ErrorCode.USER_DEPARTED, "A departed user cannot be edited.", "id");
    }
    const before = userSnapshot(user);
    if (data.email != null && data.email !== user.email) {
      user.email = data.email;
      await invalidate(ctx, em, [`holder:${user.id}`, `user:${user.id}`]);
    }
    if (data.name != null) user.name = data.name;
    recordAudit(ctx, em, {
      action: "user.updated",
      subjectType: "User",
      subjectId: user.id,
      before,
      after: userSnapshot(user),
    });
    return user;
  });
}
