import { Field, ID, ObjectType } from "type-graphql";
import type { AuditEvent } from "../audit/audit-event.type.js";
import type { Holder } from "../holder/holder.entity.js";
import { KEY_EVENTS } from "./api-key.events.js";

@ObjectType("CustodyPeriod", {
  description: "One holder's time with a key: from when to when, who handed it over, and why.",
})
export class CustodyPeriod {
  @Field(() => ID, { nullable: true, description: "The holder in this period; null if it has since been deleted." })
  holderId!: string | null;

  @Field({ description: "The holder's email at the time." })
  holderEmail!: string;

  @Field({ description: "When the key came to this holder." })
  from!: Date;

  @Field(() => Date, { nullable: true, description: "Null while the key is still with this holder." })
  to!: Date | null;

  @Field({ description: "Who gave the key to this holder (for the first period: who issued it, or `system`)." })
  assignedBy!: string;

  @Field(() => String, { nullable: true, description: "The reason given for the hand-over, if any." })
  reason!: string | null;
}

/**
 * The `before` or `after` of an `api_key.reassigned` audit event, as a SQL expression over three
 * SQL expressions: the holder (id and email, which `custodyOf` reads back) and how many services
 * the key works on with them. The lists themselves are in the mutation's result: kept per key,
 * they would make a 10,000-key move write gigabytes of audit rows.
 */
export function custodySnapshotSql(holderId: string, holderEmail: string, serviceCount: string): string {
  return `jsonb_build_object('holderId', ${holderId}, 'holder', ${holderEmail}, 'serviceCount', ${serviceCount})`;
}

/**
 * The chain of custody of a key, oldest first, from its audit trail: the holder it was issued
 * to, then one period per reassignment. The trail is append-only, so this history cannot be
 * rewritten.
 */
export function custodyOf(issuedAt: Date, holder: Holder, history: AuditEvent[]): CustodyPeriod[] {
  const events = [...history].sort(
    (a, b) =>
      a.occurredAt.getTime() - b.occurredAt.getTime() ||
      Number(a.recordId) - Number(b.recordId) ||
      a.position - b.position,
  );
  const created = events.find((e) => e.action === "api_key.created");
  const moves = events.filter((e) => e.action === KEY_EVENTS.reassigned);
  const first = moves[0]?.before ?? null;
  const periods: CustodyPeriod[] = [
    {
      holderId: (first?.holderId as string) ?? holder.id,
      holderEmail: (first?.holder as string) ?? holder.email,
      from: issuedAt,
      to: null,
      assignedBy: created?.actorLabel ?? "system",
      reason: null,
    },
  ];
  for (const move of moves) {
    const current = periods[periods.length - 1] as CustodyPeriod;
    current.to = move.occurredAt;
    periods.push({
      holderId: (move.after?.holderId as string) ?? null,
      holderEmail: String(move.after?.holder ?? "unknown"),
      from: move.occurredAt,
      to: null,
      assignedBy: move.actorLabel,
      reason: move.reason,
    });
  }
  return periods;
}
