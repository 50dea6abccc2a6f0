import { Field, ID, ObjectType } from "type-graphql";
import { Environment } from "../api-key/environment.js";
import { HolderKind } from "../holder/holder-kind.js";
import { VerifyReason } from "./verify-reason.js";

@ObjectType("VerifiedHolder")
export class VerifiedHolder {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => HolderKind)
  kind!: HolderKind;
}

@ObjectType("VerifyResult", { description: "Whether a secret works on a service, and if not, why." })
export class VerifyResult {
  @Field()
  valid!: boolean;

  @Field(() => VerifyReason)
  reason!: VerifyReason;

  @Field(() => ID, { nullable: true, description: "The key, when the secret is one of Keyholder's." })
  keyId!: string | null;

  @Field(() => Environment, { nullable: true })
  environment!: Environment | null;

  @Field(() => VerifiedHolder, { nullable: true })
  holder!: VerifiedHolder | null;
}

@ObjectType("KeyDiagnosis", {
  description: "Why a key does or does not work on a service, in words, and what would fix it.",
})
export class KeyDiagnosis {
  @Field()
  works!: boolean;

  @Field(() => VerifyReason)
  reason!: VerifyReason;

  @Field({ description: "What is going on, in a sentence." })
  explanation!: string;

  @Field(() => [String], { description: "What would make the key work there (empty when it works)." })
  fixes!: string[];
}
