import { Field, ID, InputType, Int } from "type-graphql";
import { HolderKind } from "../holder/holder-kind.js";
import { UserStatus } from "../holder/user/user-status.js";
import { ApiKeyStatus } from "./api-key-status.js";
import { Environment } from "./environment.js";

@InputType("ApiKeyFilter", { description: "Conditions a key must meet; all given conditions apply." })
export class ApiKeyFilter {
  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive text in the key's name or its holder's email, or the start of its prefix.",
  })
  search?: string | null;

  @Field(() => Environment, { nullable: true, description: "Only keys of this environment." })
  environment?: Environment | null;

  @Field(() => ApiKeyStatus, { nullable: true, description: "Only keys in this state, as of this request." })
  status?: ApiKeyStatus | null;

  @Field(() => ID, { nullable: true, description: "Keys held by this holder." })
  holderId?: string | null;

  @Field(() => HolderKind, { nullable: true, description: "Keys held by users, or by group emails." })
  holderKind?: HolderKind | null;

  @Field(() => UserStatus, {
    nullable: true,
    description: "Keys held by people with this status: ACTIVE (staff) or DEPARTED. Group emails' keys never match.",
  })
  holderStatus?: UserStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only suspended keys (refused until resumed); false: only keys not suspended.",
  })
  suspended?: boolean | null;

  @Field(() => ID, { nullable: true, description: "Keys that work on this service (the two-hop rule)." })
  worksOnServiceId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Active keys whose expiry is after now and at most this many days away (0 to 3650); the same rule as `risks.keysExpiringSoon`.",
  })
  expiresWithinDays?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Active keys not used for at least this many days (1 to 3650): last used that long ago or longer, or never used and created that long ago or longer; the same rule as `risks.unusedKeys`.",
  })
  unusedForDays?: number | null;
}
