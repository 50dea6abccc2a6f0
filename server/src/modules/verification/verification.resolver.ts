import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { Environment } from "../api-key/environment.js";
import { diagnoseApiKey } from "./diagnosis.service.js";
import { KeyDiagnosis, VerifyResult } from "./verification.types.js";
import type { Verifier } from "./verifier.js";

@Resolver()
export class VerificationResolver {
  /** The server's verification cache; a schema run outside a server has none. */
  constructor(private readonly verifier?: Verifier) {}

  @Authorized(Role.VIEWER)
  @Query(() => VerifyResult, {
    description:
      "Does this secret work on this service? The same answer as POST /v1/keys/verify, which is the faster route for services' backends.",
  })
  verifyApiKey(
    @Arg("secret", {
      description:
        "The full secret, as a caller presented it. Sent only in a POST body, never in a URL (POST_REQUIRED).",
    })
    secret: string,
    @Arg("service", { description: "The service's slug." }) service: string,
    @Arg("environment", () => Environment, { nullable: true, description: "The environment your backend runs in." })
    environment: Environment | null,
    @Ctx() ctx: RequestContext,
  ) {
    if (!this.verifier) throw new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, "Verification is not available here.");
    if (secret.length > 200 || service.length > 63) {
      throw new DomainError(ErrorCode.TOO_LONG, "secret or service is too long.", "secret");
    }
    return this.verifier.verify(secret, service, environment, ctx.now.getTime());
  }

  @Authorized(Role.VIEWER)
  @Query(() => KeyDiagnosis, { description: "Why a key does or does not work on a service, and what would fix it." })
  diagnoseApiKey(
    @Arg("keyId", () => ID, { description: "The key to diagnose." }) keyId: string,
    @Arg("service", { description: "The service's slug." }) service: string,
    @Ctx() ctx: RequestContext,
  ) {
    return diagnoseApiKey(ctx, keyId, service);
  }
}
