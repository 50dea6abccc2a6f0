import { ArgsType, Field, Int } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../shared/pagination.js";

/**
 * The Relay arguments of every connection: `first`/`after` page forward, `last`/`before`
 * backward (one direction per request, see `pageWindow`).
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the start (or from \`after\`), 0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor (a previous `endCursor`)." })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many items to return from the end (or from \`before\`), 0 to ${MAX_PAGE_SIZE}; not with \`first\`.`,
  })
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Return items before this cursor (a previous `startCursor`), paging backward; not with `first`/`after`.",
  })
  before?: string | null;
}
