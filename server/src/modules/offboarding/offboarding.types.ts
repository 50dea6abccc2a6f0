import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PayloadType } from "../../graphql/payload.js";
import { CollaboratorRole } from "../../shared/collaborator-role.js";
import { type EnumValue, graphqlEnum } from "../../shared/graphql-enum.js";
import { Environment } from "../api-key/environment.js";
import { User } from "../holder/user/user.entity.js";
import { KeyGainType } from "../reassignment/reassignment.types.js";

export const KeyActionType = graphqlEnum("KeyAction", "What offboarding does with one key.", {
  REASSIGN: "Moves the key to another holder; it keeps working where it works.",
  REVOKE: "Revokes the key for good.",
});
export type KeyActionType = EnumValue<typeof KeyActionType>;

@ObjectType("KeySuggestion", {
  simpleResolvers: true,
  description:
    "A suggested successor for keys of the leaver (the same for every active key, and for every inactive one), with the reason or why there is none.",
})
export class KeySuggestionType {
  @Field(() => ID, {
    nullable: true,
    description:
      "A group email the offboarding accepts as the key's holder without allowWiderAccess (exact Billing match first), or null.",
  })
  suggestedHolderId!: string | null;
  @Field(() => String, { nullable: true, description: "The suggested successor's email; null when there is none." })
  suggestedHolderEmail!: string | null;
  @Field({ description: "Why this successor, or why none." }) suggestion!: string;
}

@ObjectType("PlannedKey", {
  simpleResolvers: true,
  description: "One of the leaver's keys, with where it works and a suggested successor.",
})
export class PlannedKeyType extends KeySuggestionType {
  @Field(() => ID, { description: "The key." }) keyId!: string;
  @Field({ description: "The key's name." }) name!: string;
  @Field({ description: "The public start of the key's secret." }) prefix!: string;
  @Field(() => Environment, { description: "PRODUCTION or STAGING." }) environment!: string;
  @Field({ description: "Whether the key works at all (not revoked or expired)." }) active!: boolean;
  /** Slugs; the field answers them as services (see offboarding-services.resolver.ts). */
  worksOn!: string[];
  /** When the key was issued (the list's order, held by its cursors). */
  createdAt!: Date;
}

@ObjectType("PlannedCollaboration", {
  simpleResolvers: true,
  description: "A role the leaver has on a service, which offboarding removes.",
})
export class PlannedCollaborationType {
  /** A slug; the field answers it as a service. */
  service!: string;
  @Field(() => CollaboratorRole, { description: "The leaver's role there." }) role!: string;
  @Field({ description: "The user is the service's only Billing collaborator." }) soleBilling!: boolean;
}

@ObjectType("OffboardingPlan", { description: "What offboarding a user touches; nothing is changed." })
export class OffboardingPlanType {
  @Field(() => User, { description: "The user to offboard." }) user!: User;
  @Field(() => Int, { description: "How many keys the user holds, in any state (revoked and expired ones too)." })
  keyCount!: number;
  @Field(() => Int, {
    description:
      "How many of the user's keys are active (not revoked, not expired): each works on every service of activeKeysWorkOn.",
  })
  activeKeyCount!: number;
  /** Slugs; the field answers them as services (see offboarding-services.resolver.ts). */
  activeKeysWorkOn!: string[];
  @Field(() => KeySuggestionType, {
    description: "The successor suggested for every active key (they all work on the same services), or why none.",
  })
  activeKeySuggestion!: KeySuggestionType;
  @Field(() => KeySuggestionType, {
    description: "The holder suggested to keep every inactive key (they work nowhere), or why none.",
  })
  inactiveKeySuggestion!: KeySuggestionType;
  @Field(() => [PlannedCollaborationType], { description: "Every role the user has on a service." })
  collaborations!: PlannedCollaborationType[];
  @Field(() => [String], { description: "Group emails the user is the last active member of." })
  lastActiveMemberOf!: string[];
  @Field({
    description:
      "The user has departed and holds no key, collaboration, membership, live token or open session: offboarding has nothing left to do (offboardUser answers USER_DEPARTED).",
  })
  finished!: boolean;
  /** What would break besides the keys (read by the keys' resolvers). */
  otherBreaks!: string[];
}

export const PlannedKeyConnection = ConnectionType("PlannedKey", PlannedKeyType);

// Plain data, up to 10,000 per offboarding: fields are read directly, without a resolver wrapper each.
@ObjectType("OffboardedKey", { simpleResolvers: true, description: "What offboarding did with one key." })
export class OffboardedKeyType {
  @Field(() => ID, { description: "The key." }) keyId!: string;
  @Field({ description: "The key's name." }) name!: string;
  @Field({ description: "The public start of the key's secret." }) prefix!: string;
  @Field(() => KeyActionType, { description: "REASSIGN or REVOKE." }) action!: KeyActionType;
  @Field(() => ID, {
    nullable: true,
    description:
      "Who holds the key now (custodian, for a revoked key); null only in a replay of an offboarding recorded before holder ids were kept.",
  })
  toHolderId!: string | null;
  @Field({ description: "Who holds the key now (custodian, for a revoked key)." }) toHolderEmail!: string;
  /** Slugs; the fields answer them as services. */
  servicesBefore!: string[];
  servicesAfter!: string[];
}

@ObjectType("NamedKey", { simpleResolvers: true, description: "A key by its id, name and prefix." })
export class NamedKeyType {
  @Field(() => ID, { description: "The key." }) keyId!: string;
  @Field({ description: "The key's name." }) name!: string;
  @Field({ description: "The public start of the key's secret." }) prefix!: string;
}

@ObjectType("OffboardedKeyGroup", {
  simpleResolvers: true,
  description:
    "The leaver's keys that share one fate: the same action, holder afterwards, and services before and after.",
})
export class OffboardedKeyGroupType {
  @Field(() => KeyActionType, { description: "REASSIGN or REVOKE." }) action!: KeyActionType;
  @Field(() => ID, {
    nullable: true,
    description:
      "Who holds the keys now (custodian, for revoked keys); null only in a replay of an offboarding recorded before holder ids were kept.",
  })
  toHolderId!: string | null;
  @Field({ description: "Who holds the keys now, by email (custodian, for revoked keys)." }) toHolderEmail!: string;
  @Field(() => Int, { description: "How many keys the group holds (at least 1)." }) keyCount!: number;
  @Field(() => [NamedKeyType], { description: "The group's first keys, up to 5, in the order of `keys`." })
  firstKeys!: NamedKeyType[];
  /** Slugs; the fields answer them as services. */
  servicesBefore!: string[];
  servicesAfter!: string[];
}

@ObjectType("BillingAdded", {
  simpleResolvers: true,
  description: "A holder made a Billing collaborator so that reassigned keys keep working.",
})
export class BillingAddedType {
  @Field({ description: "The holder given the BILLING role." }) holderEmail!: string;
  /** Slugs; the field answers them as services. */
  services!: string[];
}

@ObjectType("RemovedCollaboration", { simpleResolvers: true, description: "A role the leaver lost." })
export class RemovedCollaborationType {
  /** A slug; the field answers it as a service. */
  service!: string;
  @Field(() => CollaboratorRole, { description: "The role removed." }) role!: string;
}

@ObjectType("OffboardingResult", {
  simpleResolvers: true,
  description: "What an offboarding did, or would do in a dry run.",
})
export class OffboardingResultType {
  @Field(() => ID, { description: "The leaver." }) userId!: string;
  @Field({ description: "The leaver's email." }) email!: string;
  @Field({ description: "True when everything was rolled back: nothing changed." }) dryRun!: boolean;
  @Field({ description: "An earlier call with the same idempotency key did the work; this is its result." })
  replayed!: boolean;
  @Field(() => [OffboardedKeyType], {
    description: "Each of the leaver's keys and what happened to it (also what a replay answers from).",
    deprecationReason:
      "One item per key with its services, about 100 MB for 10,000 keys on 50 services: use keyGroups, which counts the keys of each fate in a few entries.",
  })
  keys!: OffboardedKeyType[];
  @Field(() => [BillingAddedType], { description: "Holders made Billing so reassigned keys keep working." })
  billingAdded!: BillingAddedType[];
  @Field(() => [KeyGainType], {
    description:
      "Keys a successor already held that work on more services once it is Billing where the moved keys work (only with allowWiderAccess).",
  })
  otherKeysGaining!: KeyGainType[];
  @Field(() => [RemovedCollaborationType], { description: "The leaver's roles taken away." })
  collaborationsRemoved!: RemovedCollaborationType[];
  @Field(() => [String], { description: "Group emails the leaver was removed from." }) groupsLeft!: string[];
  @Field(() => Int, { description: "Console sessions of the leaver that were ended." }) sessionsEnded!: number;
  @Field(() => Int, { description: "Personal access tokens of the leaver that were revoked." }) tokensRevoked!: number;
}

export const OffboardUserPayload = PayloadType("OffboardUser", "offboarding", OffboardingResultType, {
  payload: "The offboarding done (or rehearsed, in a dry run).",
  field: "What was done.",
  errors: "Why nothing was changed; empty when the offboarding happened.",
});

@InputType("KeyDecision", { description: "What to do with one of the leaver's keys." })
export class KeyDecisionInput {
  @Field(() => ID, { description: "The key, which the leaver must hold." }) keyId!: string;
  @Field(() => KeyActionType, { description: "REASSIGN (keeps working with a new holder) or REVOKE." })
  action!: KeyActionType;
  @Field(() => ID, { nullable: true, description: "For REASSIGN; defaults to defaultTargetId." }) toHolderId?:
    | string
    | null;
}

@InputType("OffboardUserInput", { description: "Whom to offboard, what to do with each of their keys, and how." })
export class OffboardUserInput {
  @Field(() => ID, { description: "The leaver: an ACTIVE user (a DEPARTED one is USER_DEPARTED)." }) userId!: string;
  @Field(() => ID, {
    nullable: true,
    description: "Where keys go without a decision of their own, and custodian of revoked keys.",
  })
  defaultTargetId?: string | null;
  @Field(() => [KeyDecisionInput], {
    defaultValue: [],
    description: "One decision per key that should not follow the default; the rest go to defaultTargetId.",
  })
  decisions!: KeyDecisionInput[];
  @Field(() => String, { nullable: true, description: "Why, for the audit trail (up to 1,000 characters)." }) reason?:
    | string
    | null;
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
