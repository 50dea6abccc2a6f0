import { assertInterfaceType, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "../graphql/auth-checker.js";
import { leanFieldResolvers } from "../graphql/lean-resolvers.js";
import { ApiKeyMutations } from "../modules/api-key/api-key.mutations.js";
import { ApiKeyResolver } from "../modules/api-key/api-key.resolver.js";
import { HolderKeysResolver, ServiceKeysResolver } from "../modules/api-key/holder-keys.resolver.js";
import { KeyControlsResolver } from "../modules/api-key/key-controls.resolver.js";
import { AuditEntryResolver, AuditResolver } from "../modules/audit-log/audit-log.resolver.js";
import { AuthMutations, AuthResolver } from "../modules/auth/auth.resolver.js";
import { ConsoleAccessMutations } from "../modules/auth/console-access.resolver.js";
import { CollaboratorMutations } from "../modules/collaborator/collaborator.mutations.js";
import {
  CollaboratorResolver,
  HolderCollaborationsResolver,
  ServiceCollaboratorsResolver,
} from "../modules/collaborator/collaborator.resolver.js";
import { GroupEmail } from "../modules/holder/group-email/group-email.entity.js";
import { GroupEmailMutations } from "../modules/holder/group-email/group-email.mutations.js";
import { GroupEmailResolver } from "../modules/holder/group-email/group-email.resolver.js";
import { holderTypeName } from "../modules/holder/holder.entity.js";
import { HolderResolver } from "../modules/holder/holder.resolver.js";
import { User } from "../modules/holder/user/user.entity.js";
import { UserMutations } from "../modules/holder/user/user.mutations.js";
import { UserResolver } from "../modules/holder/user/user.resolver.js";
import { ImportMutations } from "../modules/import/import.resolver.js";
import { LeaverCaseResolver } from "../modules/leaver-case/leaver-case.resolver.js";
import { UserLeaverCaseResolver } from "../modules/leaver-case/user-leaver-case.resolver.js";
import { NodeResolver } from "../modules/node/node.resolver.js";
import { nodeTypeName } from "../modules/node/node-tables.js";
import { NotifyMutations, NotifyResolver } from "../modules/notify/notify.resolver.js";
import {
  OffboardingMutations,
  OffboardingResolver,
  OffboardingResultGroupsResolver,
} from "../modules/offboarding/offboarding.resolver.js";
import { OffboardingPlanKeysResolver } from "../modules/offboarding/offboarding-plan.resolver.js";
import {
  BillingAddedServicesResolver,
  OffboardedKeyGroupServicesResolver,
  OffboardedKeyServicesResolver,
  OffboardingPlanServicesResolver,
  PlannedCollaborationServicesResolver,
  PlannedKeyServicesResolver,
  RemovedCollaborationServicesResolver,
} from "../modules/offboarding/offboarding-services.resolver.js";
import { SignInMethodsResolver } from "../modules/oidc/sign-in-methods.resolver.js";
import { ReassignmentMutations, ReassignmentResolver } from "../modules/reassignment/reassignment.resolver.js";
import {
  KeyGainServicesResolver,
  KeyReassignmentServicesResolver,
  ReassignmentServicesResolver,
} from "../modules/reassignment/reassignment-services.resolver.js";
import { RiskResolver } from "../modules/risk/risk.resolver.js";
import { ScimMutations, ScimResolver } from "../modules/scim/scim.resolver.js";
import { ServiceMutations } from "../modules/service/service.mutations.js";
import { ServiceResolver } from "../modules/service/service.resolver.js";
import { VerificationResolver } from "../modules/verification/verification.resolver.js";
import type { RequestContext } from "../shared/request-context.js";

export const resolvers = [
  HolderResolver,
  UserResolver,
  GroupEmailResolver,
  ServiceResolver,
  CollaboratorResolver,
  HolderCollaborationsResolver,
  ServiceCollaboratorsResolver,
  ApiKeyResolver,
  HolderKeysResolver,
  ServiceKeysResolver,
  AuditResolver,
  AuditEntryResolver,
  AuthResolver,
  AuthMutations,
  UserMutations,
  ConsoleAccessMutations,
  GroupEmailMutations,
  ServiceMutations,
  CollaboratorMutations,
  ApiKeyMutations,
  VerificationResolver,
  ReassignmentResolver,
  ReassignmentMutations,
  KeyReassignmentServicesResolver,
  KeyGainServicesResolver,
  ReassignmentServicesResolver,
  KeyControlsResolver,
  OffboardingResolver,
  OffboardingMutations,
  OffboardingPlanKeysResolver,
  OffboardingPlanServicesResolver,
  PlannedKeyServicesResolver,
  PlannedCollaborationServicesResolver,
  OffboardedKeyServicesResolver,
  OffboardingResultGroupsResolver,
  OffboardedKeyGroupServicesResolver,
  BillingAddedServicesResolver,
  RemovedCollaborationServicesResolver,
  RiskResolver,
  NotifyResolver,
  NotifyMutations,
  SignInMethodsResolver,
  LeaverCaseResolver,
  UserLeaverCaseResolver,
  ScimResolver,
  ScimMutations,
  ImportMutations,
  NodeResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

const defaults = new Map<new () => object, object>();
function defaultInstance(type: new () => object): object {
  let instance = defaults.get(type);
  if (!instance) {
    instance = new type();
    defaults.set(type, instance);
  }
  return instance;
}

/** The resolver object for `type` in a request: its server's (see ResolverInstances), else one per class. */
function resolverInstance(type: new () => object, context: RequestContext): object {
  return context.instances?.get(type) ?? defaultInstance(type);
}

function describeRoot(type: GraphQLObjectType | null | undefined, description: string) {
  if (type) type.description = description;
}

/** Builds Keyholder's GraphQL schema from the resolvers (once per process). */
export function keyholderSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    orphanedTypes: [User, GroupEmail],
    validate: false,
    authChecker,
    authMode: "error",
    // A resolver a server built with its own dependencies (see ResolverInstances), else one per class.
    container: {
      get: (type: new () => object, { context }: { context: RequestContext }) => resolverInstance(type, context),
    },
    emitSchemaFile: false,
  }).then((schema) => {
    // type-graphql wraps `resolveType` in an async function; graphql-jit resolves abstract
    // types synchronously, and telling a user from a group email needs no waiting.
    assertInterfaceType(schema.getType("Holder")).resolveType = holderTypeName;
    // type-graphql has no option for the root types' descriptions.
    describeRoot(
      schema.getQueryType(),
      "Reads: holders, services, keys, where keys work, risks, offboarding plans and the audit trail. Nothing here changes anything.",
    );
    describeRoot(
      schema.getMutationType(),
      "Writes. Each runs in one transaction with its audit event; expected failures come back in the payload's `errors`, and then nothing changed.",
    );
    assertInterfaceType(schema.getType("Node")).resolveType = nodeTypeName;
    // Field resolvers that need none of type-graphql's per-call machinery are called directly.
    leanFieldResolvers(schema, resolvers, (type, context) => resolverInstance(type as new () => object, context));
    return schema;
  });
  return built;
}
