import { Authorized, Ctx, Field, InputType, Query, Resolver } from "type-graphql";
import { IdInput, type IdInputShape } from "../../graphql/id-input.js";
import { PayloadMutations } from "../../graphql/mutation.js";
import { PayloadType, SecretPayloadType } from "../../graphql/payload.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { ScimClient } from "./scim-client.entity.js";
import { issueScimToken, listScimClients, revokeScimToken } from "./scim-client.service.js";

const IssueScimTokenPayload = SecretPayloadType("IssueScimToken", ["client", "token"], ScimClient, {
  payload: "The SCIM client created, with its bearer token shown this once.",
  field: "The SCIM client.",
  secret: "The bearer token for /scim/v2, shown this once.",
});

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
}

export const ScimMutations = PayloadMutations(Role.ADMIN, {
  issueScimToken: {
    payload: IssueScimTokenPayload,
    description: "Issues a bearer token for an identity provider's SCIM provisioning at /scim/v2 (shown once).",
    input: { type: IssueScimTokenInput, description: "The client's name." },
    run: (ctx, input) => issueScimToken(ctx, { name: input.name }),
  },
  revokeScimToken: {
    payload: RevokeScimTokenPayload,
    description: "Revokes a SCIM client's token.",
    input: { type: RevokeScimTokenInput, description: "The SCIM client whose token to revoke." },
    run: (ctx, input: IdInputShape) => revokeScimToken(ctx, input.id),
  },
});
