import { Arg, Authorized, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { findRisks } from "./risk.service.js";
import { RiskSubjectType } from "./risk-subject-type.js";

@ObjectType("RiskItem", { description: "One thing at risk, and what would fix it." })
class RiskItemType {
  @Field(() => RiskSubjectType, { description: "What kind of thing the subject is." }) subjectType!: RiskSubjectType;
  @Field(() => ID) subjectId!: string;
  @Field() title!: string;
  @Field() detail!: string;
  @Field() fix!: string;
  @Field(() => ID, { nullable: true, description: "For a key: its holder." }) holderId!: string | null;
  @Field(() => String, { nullable: true, description: "For a key: its holder's email." }) holderEmail!: string | null;
}

@ObjectType("RiskCategory")
class RiskCategoryType {
  @Field(() => Int, { description: "All of them, however many are listed." }) count!: number;
  @Field(() => [RiskItemType]) items!: RiskItemType[];
}

@ObjectType("Risks", { description: "Ownership risks across the organisation, for a dashboard." })
class RisksType {
  @Field(() => RiskCategoryType) productionKeysHeldByIndividuals!: RiskCategoryType;
  @Field(() => RiskCategoryType) keysHeldByDepartedUsers!: RiskCategoryType;
  @Field(() => RiskCategoryType) keysThatWorkNowhere!: RiskCategoryType;
  @Field(() => RiskCategoryType) keysExpiringSoon!: RiskCategoryType;
  @Field(() => RiskCategoryType) unusedKeys!: RiskCategoryType;
  @Field(() => RiskCategoryType) groupEmailsWithFewMembers!: RiskCategoryType;
  @Field(() => RiskCategoryType) servicesWithoutWorkingKey!: RiskCategoryType;
}

@Resolver()
export class RiskResolver {
  @Authorized(Role.VIEWER)
  @Query(() => RisksType, { description: "Counts and items of every ownership risk, each with its fix." })
  risks(
    @Arg("expiringWithinDays", () => Int, { defaultValue: 30 }) expiringWithinDays: number,
    @Arg("unusedForDays", () => Int, { defaultValue: 90 }) unusedForDays: number,
    @Arg("first", () => Int, { defaultValue: 20, description: "Items listed per category, 0 to 500." }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return findRisks(ctx, { expiringWithinDays, unusedForDays, first });
  }
}
