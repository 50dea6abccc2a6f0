import { Field, ID, ObjectType } from "type-graphql";
import { Environment } from "../api-key/environment.js";
import { HolderKind } from "../holder/holder-kind.js";
import { VerifyReason } from "./verify-reason.js";

@ObjectType("VerifiedHolder", { description: "The holder of a verified key." })
export class VerifiedHolder {
  @Field(() => ID, { description: "The holder's id." })
  id!: string;

  @Field({ description: "The holder's email." })
  email!: string;

  @Field(() => HolderKind, { description: "USER or GROUP." })
  kind!: HolderKind;
}

@ObjectType("VerifyResult", { description: "Whether a secret works on a service, and if not, why." })
export class VerifyResult {
  @Field({ description: "True only when the key works on the service now." })
  valid!: boolean;

  @Field(() => VerifyReason, { description: "VALID, or why the key does not work." })
  reason!: VerifyReason;

  @Field(() => ID, { nullable: true, description: "The key, when the secret is one of Keyholder's." })
  keyId!: string | null;

  @Field(() => Environment, {
    nullable: true,
    description: "The key's environment; null when the secret is not a known key.",
  })
  environment!: Environment | null;

  @Field(() => VerifiedHolder, {
    nullable: true,
    description: "The key's holder; null when the secret is not a known key.",
  })
  holder!: VerifiedHolder | null;
}

@ObjectType("KeyDiagnosis", {
  description: "Why a key does or does not work on a service, in words, and what would fix it.",
})
export class KeyDiagnosis {
  @Field({ description: "Whether the key works on the service now." })
  works!: boolean;

  @Field(() => VerifyReason, { description: "The verification reason, as verifyApiKey would answer." })
  reason!: VerifyReason;

  @Field({ description: "What is going on, in a sentence." })
  explanation!: string;

  @Field(() => [String], { description: "What would make the key work there (empty when it works)." })
  fixes!: string[];
}
