import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { ApiKeyResolver } from "../modules/api-key/api-key.resolver.js";
import { CollaboratorResolver } from "../modules/collaborator/collaborator.resolver.js";
import { GroupEmail } from "../modules/group-email/group-email.entity.js";
import { GroupEmailResolver } from "../modules/group-email/group-email.resolver.js";
import { HolderResolver } from "../modules/holder/holder.resolver.js";
import { ServiceResolver } from "../modules/service/service.resolver.js";
import { User } from "../modules/user/user.entity.js";
import { UserResolver } from "../modules/user/user.resolver.js";

export const resolvers = [
  HolderResolver,
  UserResolver,
  GroupEmailResolver,
  ServiceResolver,
  CollaboratorResolver,
  ApiKeyResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** Builds Keyholder's GraphQL schema from the resolvers (once per process). */
export function keyholderSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    orphanedTypes: [User, GroupEmail],
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}
