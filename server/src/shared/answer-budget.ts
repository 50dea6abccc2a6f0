import { DomainError, ErrorCode } from "./errors.js";

/**
 * How many items the lists without a page (a key's `worksOn` and `custody`, a service's
 * `collaborators`, a group's `members`…) may add to one answer in all. The cost limit cannot
 * bound them, as their length depends on the data: 500 keys held by one group that is Billing
 * on 200 services make 100,000 `worksOn` items from one page. Counting them as they are
 * resolved stops such an answer before it is built, instead of after (the size limit sees it only
 * once it is whole, in memory).
 */
export const MAX_UNPAGED_ITEMS = 50_000;

/** Counts the items of unpaged lists in one answer; over the limit, the answer is refused. */
export class AnswerBudget {
  private used = 0;
  exceeded = false;
  /** True for a mutation's answer: its change is made by then, so the answer is always sent. */
  waived = false;

  constructor(private readonly limit = MAX_UNPAGED_ITEMS) {}

  /** Counts `items`; throws RESPONSE_TOO_LARGE (and stays exceeded) once over the limit. */
  take(items: number): void {
    if (this.waived) return;
    this.used += items;
    if (this.used > this.limit) this.exceeded = true;
    if (this.exceeded) {
      throw new DomainError(
        ErrorCode.RESPONSE_TOO_LARGE,
        `The answer would list more than ${this.limit} items of lists without pages: ask for fewer keys, services or fields.`,
      );
    }
  }

  /** Stops counting and refusing: the answer will be sent whatever its size. */
  waive(): void {
    this.waived = true;
    this.exceeded = false;
  }
}

/**
 * An unpaged list resolved for an answer, counted against the request's budget. A list already
 * at hand is counted and returned at once (no promise for GraphQL to wait on); a promised one
 * when it arrives. Either way an exceeded budget refuses it before anything more is read.
 */
export function counted<T>(ctx: { answerBudget?: AnswerBudget }, list: T[] | Promise<T[]>): T[] | Promise<T[]> {
  ctx.answerBudget?.take(0);
  if (Array.isArray(list)) {
    ctx.answerBudget?.take(list.length);
    return list;
  }
  return list.then((items) => {
    ctx.answerBudget?.take(items.length);
    return items;
  });
}
