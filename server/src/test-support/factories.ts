import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKey } from "../modules/api-key/api-key.entity.js";
import { mintSecret } from "../modules/api-key/api-key.secret.js";
import { Environment } from "../modules/api-key/environment.js";
import { Collaborator } from "../modules/collaborator/collaborator.entity.js";
import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupMembership } from "../modules/holder/group-email/group-membership.entity.js";
import type { Holder } from "../modules/holder/holder.entity.js";
import { User } from "../modules/holder/user/user.entity.js";
import { UserStatus } from "../modules/holder/user/user-status.js";
import { Service } from "../modules/service/service.entity.js";
import { CollaboratorRole } from "../shared/collaborator-role.js";

let sequence = 0;
const next = () => ++sequence;

/** Test data builders: each persists and flushes one record with sensible defaults. */
export function factories(em: EntityManager) {
  return {
    async user(overrides: Partial<Pick<User, "email" | "name" | "status" | "departedAt">> = {}) {
      const n = next();
      const user = em.create(User, { email: `user${n}@agency.gov.example`, name: `User ${n}`, ...overrides });
      if (user.status === UserStatus.DEPARTED && !user.departedAt) user.departedAt = new Date();
      await em.persist(user).flush();
      return user;
    },
    async group(overrides: Partial<Pick<GroupEmail, "email" | "name" | "description">> = {}, members: User[] = []) {
      const n = next();
      const group = em.create(GroupEmail, { email: `group${n}@agency.gov.example`, name: `Group ${n}`, ...overrides });
      for (const user of members) em.create(GroupMembership, { group, user });
      await em.persist(group).flush();
      return group;
    },
    async service(overrides: Partial<Pick<Service, "slug" | "name" | "archivedAt" | "description">> = {}) {
      const n = next();
      const service = em.create(Service, { slug: `service-${n}`, name: `Service ${n}`, ...overrides });
      await em.persist(service).flush();
      return service;
    },
    async collaborator(service: Service, holder: Holder, role: CollaboratorRole = CollaboratorRole.BILLING) {
      const collaborator = em.create(Collaborator, { service, holder, role });
      await em.persist(collaborator).flush();
      return collaborator;
    },
    /** Many keys in one flush, for tests that need volume. */
    async keys(specs: { holder: Holder; name: string; environment?: Environment }[]) {
      const keys = specs.map((spec) => {
        const minted = mintSecret(spec.environment ?? Environment.PRODUCTION);
        return em.create(ApiKey, {
          environment: Environment.PRODUCTION,
          ...spec,
          prefix: minted.prefix,
          secretDigest: minted.digest,
        });
      });
      await em.persist(keys).flush();
      return keys;
    },
    async key(
      holder: Holder,
      overrides: Partial<
        Pick<
          ApiKey,
          | "name"
          | "environment"
          | "expiresAt"
          | "revokedAt"
          | "revokedReason"
          | "createdAt"
          | "suspendedAt"
          | "suspendedReason"
          | "lastUsedAt"
        >
      > = {},
    ) {
      const environment = overrides.environment ?? Environment.PRODUCTION;
      const minted = mintSecret(environment);
      const key = em.create(ApiKey, {
        name: `key ${next()}`,
        environment,
        holder,
        prefix: minted.prefix,
        secretDigest: minted.digest,
        ...overrides,
      });
      if (key.revokedAt && !key.revokedReason) key.revokedReason = "test";
      await em.persist(key).flush();
      return Object.assign(key, { secret: minted.secret });
    },
  };
}
