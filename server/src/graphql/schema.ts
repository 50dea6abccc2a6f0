import { assertInterfaceType, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ApiKeyMutations } from "../modules/api-key/api-key.mutations.js";
import { ApiKeyResolver } from "../modules/api-key/api-key.resolver.js";
import { AuditEntryResolver, AuditResolver } from "../modules/audit/audit.resolver.js";
import { AuthResolver } from "../modules/auth/auth.resolver.js";
import { CollaboratorMutations } from "../modules/collaborator/collaborator.mutations.js";
import { CollaboratorResolver } from "../modules/collaborator/collaborator.resolver.js";
import { GroupEmail } from "../modules/group-email/group-email.entity.js";
import { GroupEmailMutations } from "../modules/group-email/group-email.mutations.js";
import { GroupEmailResolver } from "../modules/group-email/group-email.resolver.js";
import { holderTypeName } from "../modules/holder/holder.entity.js";
import { HolderResolver } from "../modules/holder/holder.resolver.js";
import { NotifyResolver } from "../modules/notify/notify.resolver.js";
import { OffboardingResolver } from "../modules/offboarding/offboarding.resolver.js";
import { ReassignmentResolver } from "../modules/reassignment/reassignment.resolver.js";
import { RiskResolver } from "../modules/risk/risk.resolver.js";
import { ServiceMutations } from "../modules/service/service.mutations.js";
import { ServiceResolver } from "../modules/service/service.resolver.js";
import { User } from "../modules/user/user.entity.js";
import { UserMutations } from "../modules/user/user.mutations.js";
import { UserResolver } from "../modules/user/user.resolver.js";
import { VerificationResolver } from "../modules/verification/verification.resolver.js";
import { authChecker } from "./auth-checker.js";

export const resolvers = [
  HolderResolver,
  UserResolver,
  GroupEmailResolver,
  ServiceResolver,
  CollaboratorResolver,
  ApiKeyResolver,
  AuditResolver,
  AuditEntryResolver,
  AuthResolver,
  UserMutations,
  GroupEmailMutations,
  ServiceMutations,
  CollaboratorMutations,
  ApiKeyMutations,
  VerificationResolver,
  ReassignmentResolver,
  OffboardingResolver,
  RiskResolver,
  NotifyResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** Builds Keyholder's GraphQL schema from the resolvers (once per process). */
export function keyholderSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    orphanedTypes: [User, GroupEmail],
    validate: false,
    authChecker,
    authMode: "error",
    emitSchemaFile: false,
  }).then((schema) => {
    // type-graphql wraps `resolveType` in an async function; graphql-jit resolves abstract
    // types synchronously, and telling a user from a group email needs no waiting.
    assertInterfaceType(schema.getType("Holder")).resolveType = holderTypeName;
    return schema;
  });
  return built;
}
