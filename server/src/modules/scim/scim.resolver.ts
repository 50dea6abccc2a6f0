import { Arg, Authorized, Ctx, Field, InputType, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { IdInput, type IdInputShape } from "../../graphql/id-input.js";
import { ERRORS, PayloadType, payload, UserError } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ScimClient } from "./scim-client.entity.js";
import { issueScimToken, listScimClients, revokeScimToken } from "./scim-client.service.js";

@ObjectType("IssueScimTokenPayload", { description: "The SCIM client created, with its bearer token shown this once." })
class IssueScimTokenPayload {
  @Field(() => ScimClient, { nullable: true, description: "The SCIM client. Null when `errors` is not empty." })
  client?: ScimClient | null;

  @Field(() => String, { nullable: true, description: "The bearer token for /scim/v2, shown this once." })
  token?: string | null;

  @Field(() => [UserError], { description: ERRORS })
  errors!: UserError[];
}

@InputType("IssueScimTokenInput", { description: "The identity provider to issue a SCIM token for." })
class IssueScimTokenInput {
  @Field({ description: "A label for the client, e.g. `Okta`; audit entries show it as `scim:<name>`." })
  name!: string;
}

const RevokeScimTokenInput = IdInput("RevokeScimToken", {
  input: "The SCIM client whose token to revoke.",
  id: "The client, as scimClients lists it.",
});

const RevokeScimTokenPayload = PayloadType("RevokeScimToken", "client", ScimClient, {
  payload: "The SCIM client whose token was revoked.",
  field: "The SCIM client.",
});

@Resolver()
export class ScimResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [ScimClient], { description: "Identity providers with a SCIM token, newest first." })
  scimClients(@Ctx() ctx: RequestContext) {
    return listScimClients(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => IssueScimTokenPayload, {
    description: "Issues a bearer token for an identity provider's SCIM provisioning at /scim/v2 (shown once).",
  })
  async issueScimToken(
    @Arg("input", () => IssueScimTokenInput, { description: "The client's name." }) input: IssueScimTokenInput,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await payload("result", () => issueScimToken(ctx, { name: input.name }));
    const done = result.result as { client: ScimClient; token: string } | null;
    return { client: done?.client ?? null, token: done?.token ?? null, errors: result.errors };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RevokeScimTokenPayload, { description: "Revokes a SCIM client's token." })
  revokeScimToken(
    @Arg("input", () => RevokeScimTokenInput, { description: "The SCIM client whose token to revoke." })
    input: IdInputShape,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("client", () => revokeScimToken(ctx, input.id));
  }
}
