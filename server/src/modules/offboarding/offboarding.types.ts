import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { UserError } from "../../graphql/payload.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { Environment } from "../api-key/environment.js";
import { User } from "../holder/user/user.entity.js";
import { KeyGainType } from "../reassignment/reassignment.types.js";

export enum KeyActionType {
  REASSIGN = "REASSIGN",
  REVOKE = "REVOKE",
}
registerEnumType(KeyActionType, { name: "KeyAction", description: "What offboarding does with one key." });

@ObjectType("PlannedKey", { simpleResolvers: true })
export class PlannedKeyType {
  @Field(() => ID) keyId!: string;
  @Field() name!: string;
  @Field() prefix!: string;
  @Field(() => Environment) environment!: string;
  @Field() active!: boolean;
  @Field(() => [String], { description: "Slugs of the services the key works on today." }) worksOn!: string[];
  @Field(() => ID, {
    nullable: true,
    description:
      "A group email the offboarding accepts as this key's holder without allowWiderAccess (exact Billing match first), or null.",
  })
  suggestedHolderId!: string | null;
  @Field(() => String, { nullable: true }) suggestedHolderEmail!: string | null;
  @Field({ description: "Why this successor, or why none." }) suggestion!: string;
}

@ObjectType("PlannedCollaboration", { simpleResolvers: true })
export class PlannedCollaborationType {
  @Field() service!: string;
  @Field(() => CollaboratorRole) role!: string;
  @Field({ description: "The user is the service's only Billing collaborator." }) soleBilling!: boolean;
}

@ObjectType("OffboardingPlan", { description: "What offboarding a user touches; nothing is changed." })
export class OffboardingPlanType {
  @Field(() => User) user!: User;
  @Field(() => [PlannedKeyType]) keys!: PlannedKeyType[];
  @Field(() => [PlannedCollaborationType]) collaborations!: PlannedCollaborationType[];
  @Field(() => [String], { description: "Group emails the user is the last active member of." })
  lastActiveMemberOf!: string[];
  @Field(() => [String], { description: "What would break if nothing were done." }) wouldBreak!: string[];
  @Field({
    description:
      "The user has departed and holds no key, collaboration, membership, live token or open session: offboarding has nothing left to do (offboardUser answers USER_DEPARTED).",
  })
  finished!: boolean;
}

// Plain data, up to 10,000 per offboarding: fields are read directly, without a resolver wrapper each.
@ObjectType("OffboardedKey", { simpleResolvers: true })
export class OffboardedKeyType {
  @Field(() => ID) keyId!: string;
  @Field() name!: string;
  @Field() prefix!: string;
  @Field(() => KeyActionType) action!: KeyActionType;
  @Field({ description: "Who holds the key now (custodian, for a revoked key)." }) toHolderEmail!: string;
  @Field(() => [String]) servicesBefore!: string[];
  @Field(() => [String], { description: "Equal to servicesBefore for every reassigned key." }) servicesAfter!: string[];
}

@ObjectType("BillingAdded", { simpleResolvers: true })
export class BillingAddedType {
  @Field() holderEmail!: string;
  @Field(() => [String]) services!: string[];
}

@ObjectType("RemovedCollaboration", { simpleResolvers: true })
export class RemovedCollaborationType {
  @Field() service!: string;
  @Field(() => CollaboratorRole) role!: string;
}

@ObjectType("OffboardingResult", { simpleResolvers: true })
export class OffboardingResultType {
  @Field(() => ID) userId!: string;
  @Field() email!: string;
  @Field() dryRun!: boolean;
  @Field({ description: "An earlier call with the same idempotency key did the work; this is its result." })
  replayed!: boolean;
  @Field(() => [OffboardedKeyType]) keys!: OffboardedKeyType[];
  @Field(() => [BillingAddedType]) billingAdded!: BillingAddedType[];
  @Field(() => [KeyGainType], {
    description:
      "Keys a successor already held that work on more services once it is Billing where the moved keys work (only with allowWiderAccess).",
  })
  otherKeysGaining!: KeyGainType[];
  @Field(() => [RemovedCollaborationType]) collaborationsRemoved!: RemovedCollaborationType[];
  @Field(() => [String]) groupsLeft!: string[];
  @Field(() => Int) sessionsEnded!: number;
  @Field(() => Int) tokensRevoked!: number;
}

@ObjectType("OffboardUserPayload")
export class OffboardUserPayload {
  @Field(() => OffboardingResultType, { nullable: true }) offboarding?: OffboardingResultType | null;
  @Field(() => [UserError]) errors!: UserError[];
}

@InputType("KeyDecision")
export class KeyDecisionInput {
  @Field(() => ID) keyId!: string;
  @Field(() => KeyActionType) action!: KeyActionType;
  @Field(() => ID, { nullable: true, description: "For REASSIGN; defaults to defaultTargetId." }) toHolderId?:
    | string
    | null;
}

@InputType("OffboardUserInput")
export class OffboardUserInput {
  @Field(() => ID) userId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "Where keys go without a decision of their own, and custodian of revoked keys.",
  })
  defaultTargetId?: string | null;
  @Field(() => [KeyDecisionInput], { defaultValue: [] }) decisions!: KeyDecisionInput[];
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: "Do everything, report it, then roll it all back." })
  dryRun!: boolean;
  @Field(() => Boolean, {
    defaultValue: false,
    description:
      "Allow a successor that makes a key work on more services than before, a moved key or one it already holds (else ACCESS_WOULD_WIDEN, one error per key).",
  })
  allowWiderAccess!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "The same key with the same parameters acts once (8-200 characters); with other parameters (dryRun aside) it is refused (IDEMPOTENCY_KEY_REUSED).",
  })
  idempotencyKey?: string | null;
}
