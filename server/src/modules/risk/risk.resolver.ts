import { Arg, Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { findRisks } from "./risk.service.js";
import { RiskSubjectType } from "./risk-subject-type.js";

@ObjectType("RiskItem", { description: "One thing at risk, and what would fix it." })
class RiskItemType {
  @Field(() => RiskSubjectType, { description: "What kind of thing the subject is." }) subjectType!: RiskSubjectType;
  @Field(() => ID, { description: "The id of the thing at risk." }) subjectId!: string;
  @Field({ description: "What is at risk, in a few words." }) title!: string;
  @Field({ description: "Why it is a risk, in a sentence." }) detail!: string;
  @Field({ description: "What would take the risk away." }) fix!: string;
  @Field(() => ID, { nullable: true, description: "For a key: its holder." }) holderId!: string | null;
  @Field(() => String, { nullable: true, description: "For a key: its holder's email." }) holderEmail!: string | null;
}

@ObjectType("RiskCategory", { description: "One kind of risk: how many, and the first few." })
class RiskCategoryType {
  @Field(() => Int, { description: "All of them, however many are listed." }) count!: number;
  @Field(() => [RiskItemType], { description: "The first `first` of them, most urgent first." }) items!: RiskItemType[];
}

@ObjectType("Risks", { description: "Ownership risks across the organisation, for a dashboard." })
class RisksType {
  @Field(() => RiskCategoryType, { description: "Active production keys held by a person rather than a group email." })
  productionKeysHeldByIndividuals!: RiskCategoryType;
  @Field(() => RiskCategoryType, { description: "Active keys whose holder has left." })
  keysHeldByDepartedUsers!: RiskCategoryType;
  @Field(() => RiskCategoryType, { description: "Active keys whose holder is Billing on no live service." })
  keysThatWorkNowhere!: RiskCategoryType;
  @Field(() => RiskCategoryType, { description: "Active keys expiring within `expiringWithinDays`." })
  keysExpiringSoon!: RiskCategoryType;
  @Field(() => RiskCategoryType, {
    description: "Active keys not used for `unusedForDays` (or never, if older than that).",
  })
  unusedKeys!: RiskCategoryType;
  @Field(() => RiskCategoryType, { description: "Group emails holding keys with fewer than two active members." })
  groupEmailsWithFewMembers!: RiskCategoryType;
  @Field(() => RiskCategoryType, { description: "Live services on which no active key works." })
  servicesWithoutWorkingKey!: RiskCategoryType;
}

@Resolver()
export class RiskResolver {
  @Authorized(Role.VIEWER)
  @Query(() => RisksType, { description: "Counts and items of every ownership risk, each with its fix." })
  risks(
    @Arg("expiringWithinDays", () => Int, {
      defaultValue: 30,
      description: "Keys expiring within this many days count as expiring soon (default 30).",
    })
    expiringWithinDays: number,
    @Arg("unusedForDays", () => Int, {
      defaultValue: 90,
      description: "Keys not used for this many days count as unused (default 90).",
    })
    unusedForDays: number,
    @Arg("first", () => Int, { defaultValue: 20, description: "Items listed per category, 0 to 500." }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return findRisks(ctx, { expiringWithinDays, unusedForDays, first });
  }
}
