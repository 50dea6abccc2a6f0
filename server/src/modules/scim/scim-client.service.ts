import { timingSafeEqual } from "node:crypto";
import { UniqueConstraintViolationException } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import type { Principal } from "../../shared/principal.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { mintChecksummed, sha256Hex } from "../../shared/secrets.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, parseInput, text } from "../../shared/validation.js";
import { actorLabel, recordAudit } from "../audit/audit.service.js";
import { ScimClient } from "./scim-client.entity.js";

/** The type prefix of SCIM tokens: a scanner can tell one from other secrets offline. */
export const SCIM_TOKEN_PREFIX = "khs_";

/** The name the configured `SCIM_TOKEN` acts under in the audit log (`scim:configured`). */
export const CONFIGURED_CLIENT = "configured";

/**
 * What a SCIM client may do: create and change users and group emails, and open leaver cases,
 * which is an OPERATOR's reach; it is recorded as `scim:<name>`, credential kind SCIM.
 */
function principalOf(name: string, id: string | null): Principal {
  return { userId: null, email: `scim:${name}`, role: Role.OPERATOR, credentialKind: "SCIM", credentialId: id };
}

/**
 * The SCIM client a bearer token belongs to: the configured token (compared in constant time) or
 * an issued, unrevoked one (found by its digest). Null for anything else.
 */
export async function authenticateScimClient(
  em: EntityManager,
  token: string,
  configured: string | undefined,
): Promise<Principal | null> {
  const digest = sha256Hex(token);
  if (configured && timingSafeEqual(Buffer.from(digest, "hex"), Buffer.from(sha256Hex(configured), "hex"))) {
    return principalOf(CONFIGURED_CLIENT, null);
  }
  if (!token.startsWith(SCIM_TOKEN_PREFIX)) return null;
  const client = await em.findOne(ScimClient, { digest, revokedAt: null });
  return client ? principalOf(client.name, client.id) : null;
}

const nameSchema = z.object({
  name: text(100).refine((n) => /^[A-Za-z0-9._-]+$/.test(n), {
    error: e(ErrorCode.BAD_USER_INPUT, "must be letters, digits, dots, dashes or underscores"),
  }),
});

/** Issues a SCIM token for an identity provider (ADMIN). The token is returned once. */
export async function issueScimToken(ctx: RequestContext, input: { name: string }) {
  const { name } = parseInput(nameSchema, input);
  if (name === CONFIGURED_CLIENT) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `"${CONFIGURED_CLIENT}" names the SCIM_TOKEN setting.`, "name");
  }
  const taken = () =>
    new DomainError(ErrorCode.BAD_USER_INPUT, "A SCIM client of that name exists; revoke it first.", "name");
  try {
    return await inTransaction(ctx, async (em) => {
      if (await em.findOne(ScimClient, { name, revokedAt: null })) throw taken();
      const minted = mintChecksummed(SCIM_TOKEN_PREFIX);
      const client = em.create(ScimClient, {
        name,
        prefix: minted.prefix,
        digest: minted.digest,
        createdAt: ctx.now,
        createdBy: actorLabel(ctx.principal),
      });
      recordAudit(ctx, em, {
        action: "scim_client.created",
        subjectType: "ScimClient",
        subjectId: client.id,
        after: { name, prefix: minted.prefix },
      });
      return { client, token: minted.secret };
    });
  } catch (error) {
    // Issued under the same name at the same moment: the live-name index refused the second.
    if (error instanceof UniqueConstraintViolationException) throw taken();
    throw error;
  }
}

/** Revokes a SCIM client's token (ADMIN): its next request is refused. */
export async function revokeScimToken(ctx: RequestContext, id: string): Promise<ScimClient> {
  const clientId = parseId(id);
  return inTransaction(ctx, async (em) => {
    const client = await em.findOne(ScimClient, { id: clientId });
    if (!client || client.revokedAt) throw new DomainError(ErrorCode.NOT_FOUND, "No such SCIM client.", "id");
    client.revokedAt = ctx.now;
    recordAudit(ctx, em, {
      action: "scim_client.revoked",
      subjectType: "ScimClient",
      subjectId: client.id,
      after: { name: client.name, prefix: client.prefix },
    });
    return client;
  });
}

/** Every SCIM client, newest first. */
export function listScimClients(ctx: RequestContext): Promise<ScimClient[]> {
  return ctx.em.find(ScimClient, {}, { orderBy: { createdAt: "desc", id: "desc" } });
}
