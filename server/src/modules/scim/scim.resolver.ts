import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { PayloadType, payload, UserError } from "../../graphql/payload.js";
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

  @Field(() => [UserError], { description: "Why nothing was changed; empty when the mutation succeeded." })
  errors!: UserError[];
}

const ScimClientPayload = PayloadType("ScimClient", "client", ScimClient, {
  payload: "A SCIM client whose token was revoked.",
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
    @Arg("name", () => String, {
      description: "A label for the client, e.g. `Okta`; audit entries show it as `scim:<name>`.",
    })
    name: string,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await payload("result", () => issueScimToken(ctx, { name }));
    const done = result.result as { client: ScimClient; token: string } | null;
    return { client: done?.client ?? null, token: done?.token ?? null, errors: result.errors };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ScimClientPayload, { description: "Revokes a SCIM client's token." })
  revokeScimToken(
    @Arg("id", () => ID, { description: "The SCIM client whose token to revoke." }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    return payload("client", () => revokeScimToken(ctx, id));
  }
}
