import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { payload } from "../../graphql/payload.js";
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
 * that list `ids`, or have one `id`: errors name the field the caller sent.
 */
async function namingInputFields(work: Promise<Record<string, unknown>>, list: "ids" | "id") {
  const result = await work;
  const errors = result.errors as { field?: string | null }[];
  for (const error of errors) {
    const at = /^keyIds(\[\d+\])/.exec(error.field ?? "");
    if (at) error.field = list === "id" ? "id" : `ids${at[1]}${(error.field ?? "").slice(at[0].length)}`;
  }
  return result;
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

  @Authorized(Role.OPERATOR)
  @Mutation(() => ReassignApiKeyPayload, {
    description: "Moves one key to another holder; the secret does not change.",
  })
  reassignApiKey(
    @Arg("input", () => ReassignApiKeyInput, { description: "The key and its new holder." }) input: ReassignApiKeyInput,
    @Ctx() ctx: RequestContext,
  ) {
    const work = payload("reassignment", () =>
      reassignApiKeys(ctx, {
        keyIds: [input.id],
        toHolderId: input.toHolderId,
        reason: input.reason,
        keepAccess: input.keepAccess,
        allowWiderAccess: input.allowWiderAccess,
        expectedVersions: { [input.id.toLowerCase()]: input.version },
      }),
    );
    return namingInputFields(work, "id");
  }

  @Authorized(Role.OPERATOR)
  @Mutation(() => ReassignApiKeysPayload, {
    description: "Moves many keys to one holder in one transaction, all or nothing.",
  })
  reassignApiKeys(
    @Arg("input", () => ReassignApiKeysInput, { description: "The keys and their one new holder." })
    input: ReassignApiKeysInput,
    @Ctx() ctx: RequestContext,
  ) {
    const work = payload("reassignment", () =>
      reassignApiKeys(ctx, {
        keyIds: input.ids,
        toHolderId: input.toHolderId,
        reason: input.reason,
        keepAccess: input.keepAccess,
        allowWiderAccess: input.allowWiderAccess,
      }),
    );
    return namingInputFields(work, "ids");
  }
}
