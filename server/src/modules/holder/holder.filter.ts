import { Field, ID, InputType } from "type-graphql";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { HolderKind } from "./holder-kind.js";
import { UserStatus } from "./user/user-status.js";

@InputType("HolderFilter", { description: "Conditions a holder must meet; all given conditions apply." })
export class HolderFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive text in the email or the name." })
  search?: string | null;

  @Field(() => HolderKind, { nullable: true, description: "Only users, or only group emails." })
  kind?: HolderKind | null;

  @Field(() => UserStatus, { nullable: true, description: "Only users with this status (group emails never match)." })
  status?: UserStatus | null;

  @Field(() => ID, { nullable: true, description: "Holders that are collaborators on this service." })
  serviceId?: string | null;

  @Field(() => CollaboratorRole, {
    nullable: true,
    description: "Holders with this collaborator role (on `serviceId` when given, else anywhere).",
  })
  role?: CollaboratorRole | null;

  @Field(() => ID, { nullable: true, description: "Users that are members of this group email." })
  memberOfGroupId?: string | null;
}
