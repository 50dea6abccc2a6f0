import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { PayloadMutations } from "../../graphql/mutation.js";
import { DomainError, issuesOf, ValidationError } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { previewReassignment, reassignApiKeys } from "./reassignment.service.js";
import {
  ReassignApiKeyInput,
  ReassignApiKeyPayload,
  ReassignApiKeysInput,
  ReassignApiKeysPayload,
  ReassignmentType,
} from "./reassignment.types.js";

/**
 * The service reports keys at their place in `keyIds` (`keyIds[2]`); the mutations' inputs call
 * that list `ids`, or have one `id`: a refusal names the field the caller sent.
 */
async function namingInputFields<T>(work: Promise<T>, list: "ids" | "id"): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const issues = issuesOf(error).map((issue) => {
      const at = /^keyIds(\[\d+\])/.exec(issue.field ?? "");
      if (!at) return issue;
      return { ...issue, field: list === "id" ? "id" : `ids${at[1]}${(issue.field ?? "").slice(at[0].length)}` };
    });
    throw new ValidationError(issues);
  }
}

@Resolver()
export class ReassignmentResolver {
  @Authorized(Role.VIEWER)
  @Query(() => ReassignmentType, {
    description:
      "What moving these keys would do, changing nothing: services before and after, Billing roles to add, and every key that would work on more services.",
  })
  reassignmentPreview(
    @Arg("ids", () => [ID], { description: "The keys to move (up to 10,000)." }) ids: string[],
    @Arg("toHolderId", () => ID, { description: "The holder they would go to." }) toHolderId: string,
    @Arg("keepAccess", () => Boolean, {
      defaultValue: true,
      description: "Preview with the new holder made Billing where needed (default true), as reassignApiKeys would.",
    })
    keepAccess: boolean,
    @Ctx() ctx: RequestContext,
  ) {
    return previewReassignment(ctx, { keyIds: ids, toHolderId, keepAccess });
  }
}

export const ReassignmentMutations = PayloadMutations(Role.OPERATOR, {
  reassignApiKey: {
    payload: ReassignApiKeyPayload,
    description: "Moves one key to another holder; the secret does not change.",
    input: { type: ReassignApiKeyInput, description: "The key and its new holder." },
    run: (ctx, { id, version, ...move }: ReassignApiKeyInput) => {
      const expectedVersions = { [id.toLowerCase()]: version };
      return namingInputFields(reassignApiKeys(ctx, { ...move, keyIds: [id], expectedVersions }), "id");
    },
  },
  reassignApiKeys: {
    payload: ReassignApiKeysPayload,
    description: "Moves many keys to one holder in one transaction, all or nothing.",
    input: { type: ReassignApiKeysInput, description: "The keys and their one new holder." },
    run: (ctx, { ids, ...move }: ReassignApiKeysInput) =>
      namingInputFields(reassignApiKeys(ctx, { ...move, keyIds: ids }), "ids"),
  },
});
