import { LockMode } from "@mikro-orm/core";
import type { EntityManager } from "@mikro-orm/postgresql";
import { z } from "zod";
import { DomainError, ErrorCode, type Issue, ValidationError } from "../../shared/errors.js";
import { parseId } from "../../shared/ids.js";
import { invalidate, type Topic } from "../../shared/invalidation.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, parseInput, reason, recordId } from "../../shared/validation.js";
import { accessWidenedSnapshots, KEY_EVENTS } from "../api-key/api-key.events.js";
import {
  activeKeysOfHolder,
  handOverKeysSql,
  type KeyToMove,
  keysToMove,
  liveBillingSlugsOf,
  lockKeys,
} from "../api-key/api-key.queries.js";
import { custodySnapshotSql } from "../api-key/custody.js";
import { whereKeyWorks } from "../api-key/where-key-works.js";
import { recordAuditMany } from "../audit/audit.service.js";
import { AUDIT_SET_COLUMNS, auditActorSql, auditReasonSql, auditSubjectsSql } from "../audit/audit-sql.js";
import { AUDIT_SUBJECTS } from "../audit/audit-subject-type.js";
import { CARRIED_OVER_FOR, carryOverBillingSql } from "../collaborator/billing-carry-over.js";
import { Holder } from "../holder/holder.entity.js";
import { User } from "../holder/user/user.entity.js";
import { UserStatus } from "../holder/user/user-status.js";

const MAX_KEYS = 10_000;

const keyIds = z.array(recordId).min(1, { error: e(ErrorCode.REQUIRED, "must name at least one key") });

/** What a caller may ask for: at most MAX_KEYS keys per request. */
const callerKeyIds = keyIds.max(MAX_KEYS, { error: e(ErrorCode.OUT_OF_RANGE, `may name at most ${MAX_KEYS} keys`) });

/** The whole input; both entry points check `callerKeyIds` (the cap) first. */
const schema = z.object({
  keyIds,
  toHolderId: recordId,
  reason,
  keepAccess: z.boolean().default(true),
  allowWiderAccess: z.boolean().default(false),
  expectedVersions: z.record(z.string(), z.number().int()).optional(),
});

/** What a caller asks to move, and how: `reassignApiKeys`'s input (the preview takes part of it). */
export interface MoveRequest {
  keyIds: string[];
  toHolderId: string;
  reason?: string | null;
  keepAccess?: boolean | null;
  allowWiderAccess?: boolean | null;
  expectedVersions?: Record<string, number>;
}

/** What a caller's request must meet: the whole input, at most MAX_KEYS keys. */
const callerSchema = schema.extend({ keyIds: callerKeyIds });

/** A request checked by `against`; a flag GraphQL passes as null takes its default. */
function parseMove<S extends z.ZodType>(against: S, input: Partial<MoveRequest>): z.output<S> {
  return parseInput(against, {
    ...input,
    keepAccess: input.keepAccess ?? undefined,
    allowWiderAccess: input.allowWiderAccess ?? undefined,
  });
}

/** What reassigning one key does (or would do) to where it works. */
export interface KeyReassignment {
  keyId: string;
  name: string;
  prefix: string;
  fromHolderId: string;
  fromHolderEmail: string;
  /** Slugs of the services the key works on before and after. */
  servicesBefore: string[];
  servicesAfter: string[];
  gained: string[];
  lost: string[];
}

/**
 * A key that is not moved but gains services anyway: the new holder already holds it, and the
 * Billing roles added to keep the moved keys working make all its keys work there too.
 */
export interface KeyGain {
  keyId: string;
  name: string;
  prefix: string;
  holderEmail: string;
  /** Slugs of the services it would start working on. */
  gained: string[];
}

/** The whole move: each key, and the Billing collaborations added to keep access. */
export interface ReassignmentResult {
  toHolderId: string;
  toHolderEmail: string;
  keys: KeyReassignment[];
  /** Service slugs on which the new holder became a Billing collaborator. */
  billingAdded: string[];
  /** The new holder's other active keys, which gain `billingAdded`. */
  otherKeysGaining: KeyGain[];
  /** Some key (moved or not) works on more services afterwards: that takes `allowWiderAccess`. */
  widens: boolean;
}

interface KeyRow extends KeyToMove {
  before: string[] | null;
}

/**
 * Where each key id first appears in the caller's `keyIds`, as a field path (`keyIds[2]`), and the
 * position a path stands for, to list problems in the caller's order.
 */
function positionsOf(keyIds: readonly string[]) {
  const first = new Map<string, number>();
  keyIds.forEach((id, i) => {
    if (!first.has(id.toLowerCase())) first.set(id.toLowerCase(), i);
  });
  return {
    field: (id: string) => `keyIds[${first.get(id.toLowerCase()) ?? 0}]`,
    index: (field?: string) => Number(/^keyIds\[(\d+)\]$/.exec(field ?? "")?.[1] ?? 0),
  };
}

/**
 * Plans a reassignment with set-based SQL: the keys (locked when `lock`), where each works now,
 * and where the new holder is Billing. The number of statements does not grow with the keys.
 */
async function plan(
  ctx: RequestContext,
  em: EntityManager,
  input: z.output<typeof schema>,
  lock: boolean,
): Promise<{
  target: Holder;
  rows: KeyRow[];
  targetBilling: Set<string>;
  missing: Map<string, string>;
  others: { id: string; name: string; prefix: string }[];
}> {
  const ids = [...new Set(input.keyIds.map((id) => parseId(id, "keyIds")))];
  // Locked for a move (FOR UPDATE, before anything is read): a concurrent move to the same holder
  // waits, then sees the keys and Billing roles this one gives it, so neither misses a key the
  // other's carried-over roles would widen (invariant 5); and an offboarding of the target
  // finishes first, so a leaver receives no key. Holders, then keys (docs/architecture.md).
  const target = await em.findOne(
    Holder,
    { id: parseId(input.toHolderId, "toHolderId") },
    lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
  );
  if (!target) throw new DomainError(ErrorCode.HOLDER_NOT_FOUND, "No such holder to reassign to.", "toHolderId");
  if (target instanceof User && target.status !== UserStatus.ACTIVE) {
    throw new DomainError(ErrorCode.USER_DEPARTED, `${target.email} has departed and cannot hold keys.`, "toHolderId");
  }
  if (lock) {
    // Lock first, on the key table alone: a locking read through a join can lose a row that a
    // concurrent move just changed. The read below then sees what that move committed.
    await lockKeys(em, ids);
  }
  const rows: KeyRow[] = (await keysToMove(em, ids, ctx.now)).map((row) => ({ ...row, before: null }));
  const position = positionsOf(input.keyIds);
  // Every key that cannot move, in the order the caller listed them.
  const unknown: Issue[] = [];
  if (rows.length !== ids.length) {
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids.filter((id) => !found.has(id))) {
      unknown.push({ field: position.field(id), code: ErrorCode.KEY_NOT_FOUND, message: `No such API key: ${id}.` });
    }
  }
  for (const row of rows.filter((r) => r.revoked)) {
    unknown.push({
      field: position.field(row.id),
      code: ErrorCode.KEY_REVOKED,
      message: `Key ${row.id} is revoked and cannot move.`,
    });
  }
  if (unknown.length)
    throw new ValidationError(unknown.sort((a, b) => position.index(a.field) - position.index(b.field)));
  for (const row of rows) {
    if (row.holder_id === target.id) {
      throw new DomainError(ErrorCode.SAME_HOLDER, `Key ${row.id} is already held by ${target.email}.`, "toHolderId");
    }
    const expected = input.expectedVersions?.[row.id];
    if (expected !== undefined && expected !== Number(row.version)) {
      throw new DomainError(
        ErrorCode.VERSION_CONFLICT,
        `Key ${row.id} is at version ${row.version}, not ${expected}; reload and retry.`,
        "version",
      );
    }
  }
  // Where a key works now is its holder's live Billing services: read once per holder (the
  // target and each current holder), not once per key, and shared by that holder's keys.
  const billing = await liveBillingSlugsOf(em, [...new Set([target.id, ...rows.map((r) => r.holder_id)])]);
  const byHolder = new Map<string, string[]>();
  for (const b of billing) {
    const slugs = byHolder.get(b.holder_id);
    if (slugs) slugs.push(b.slug);
    else byHolder.set(b.holder_id, [b.slug]);
  }
  for (const row of rows) row.before = byHolder.get(row.holder_id) ?? null;
  const targetBilling = new Set(byHolder.get(target.id));
  // Once per distinct list (keys of one holder share the same array), not once per key.
  const needed = new Set([...new Set(rows.map((r) => whereKeyWorks(r.active, r.before ?? [])))].flat());
  const missingSlugs = [...needed].filter((slug) => !targetBilling.has(slug)).sort();
  const missing = new Map<string, string>();
  if (missingSlugs.length) {
    const services = await em.execute<{ slug: string; id: string }[]>(
      "select slug, id from service where slug = any(?::text[])",
      [`{${missingSlugs.join(",")}}`],
    );
    for (const s of services) missing.set(s.slug, s.id);
  }
  // Invariant 5: the Billing roles added for the moved keys make every key the target already
  // holds work there too. Read them only when roles would be added.
  const others = input.keepAccess && missing.size ? await activeKeysOfHolder(em, target.id, ctx.now) : [];
  return { target, rows, targetBilling, missing, others };
}

function outcome(
  target: Holder,
  rows: KeyRow[],
  targetBilling: Set<string>,
  added: string[],
  others: { id: string; name: string; prefix: string }[],
): ReassignmentResult {
  const after = new Set([...targetBilling, ...added]);
  const afterSorted = [...after].sort();
  // Keys of one holder share where they work: compare each distinct `before` with `after` once,
  // with sets, not once per key. The arrays are shared between keys and never mutated.
  const changes = new Map<string[], { gained: string[]; lost: string[] }>();
  const none = { before: [] as string[], after: [] as string[], gained: [] as string[], lost: [] as string[] };
  const keys = rows.map((row) => {
    let change = none;
    if (row.active) {
      const before = row.before ?? none.before;
      let diff = changes.get(before);
      if (!diff) {
        const was = new Set(before);
        diff = { gained: afterSorted.filter((s) => !was.has(s)), lost: before.filter((s) => !after.has(s)) };
        changes.set(before, diff);
      }
      change = { before, after: afterSorted, ...diff };
    }
    return {
      keyId: row.id,
      name: row.name,
      prefix: row.prefix,
      fromHolderId: row.holder_id,
      fromHolderEmail: row.holder_email,
      servicesBefore: change.before,
      servicesAfter: change.after,
      gained: change.gained,
      lost: change.lost,
    };
  });
  const otherKeysGaining = added.length
    ? others.map((k) => ({ keyId: k.id, name: k.name, prefix: k.prefix, holderEmail: target.email, gained: added }))
    : [];
  const widens = otherKeysGaining.length > 0 || keys.some((k) => k.gained.length);
  return { toHolderId: target.id, toHolderEmail: target.email, keys, billingAdded: added, otherKeysGaining, widens };
}

/**
 * DOMAIN invariant 5: a move may make keys work on more services (a moved key, when the new holder
 * is Billing where it did not work; any key the new holder has, when it becomes Billing somewhere
 * new) only with an explicit `allowWiderAccess`. Refuses naming every such key, one issue each.
 */
function refuseWiderAccess(result: ReassignmentResult, keyIds: string[]): void {
  if (!result.widens) return;
  const to = result.toHolderEmail;
  const position = positionsOf(keyIds);
  const issues: Issue[] = [
    ...result.keys
      .filter((k) => k.gained.length)
      .map((k) => ({
        field: position.field(k.keyId),
        code: ErrorCode.ACCESS_WOULD_WIDEN,
        message: `${k.name} (${k.prefix}…) would also work on ${k.gained.join(", ")} once held by ${to}.`,
      })),
    ...result.otherKeysGaining.map((k) => ({
      field: "toHolderId",
      code: ErrorCode.ACCESS_WOULD_WIDEN,
      message: `${k.name} (${k.prefix}…), already held by ${to}, would also work on ${k.gained.join(", ")} once ${to} becomes a Billing collaborator there.`,
    })),
  ];
  const last = issues[issues.length - 1] as Issue;
  last.message += " Pick another holder, or allow wider access.";
  throw new ValidationError(issues);
}

/**
 * An access-widened event (`KEY_EVENTS.accessWidened`) for the keys the new holder already held that gain services
 * through the Billing roles added for the move: one subject set, one statement, however many keys.
 */
async function auditOthersGaining(
  ctx: RequestContext,
  em: EntityManager,
  result: ReassignmentResult,
  servicesBefore: string[],
  reason: string | null,
): Promise<void> {
  if (!result.otherKeysGaining.length) return;
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  const { before, after } = accessWidenedSnapshots(
    { id: result.toHolderId, email: result.toHolderEmail },
    servicesBefore,
    result.billingAdded,
  );
  await em.execute(
    `insert into audit_event (${AUDIT_SET_COLUMNS})
     select ${actor.sql}, '${KEY_EVENTS.accessWidened}', '${AUDIT_SUBJECTS.API_KEY}', ${auditSubjectsSql("x.ids")}, ?::jsonb, ?::jsonb, ${why.sql}
       from (select ?::uuid[] as ids) x`,
    [
      ...actor.params,
      JSON.stringify(before),
      JSON.stringify(after),
      ...why.params,
      `{${result.otherKeysGaining.map((k) => k.keyId).join(",")}}`,
    ],
  );
}

/**
 * One reassigned audit event (`KEY_EVENTS.reassigned`) per key (before and after: `custodySnapshotSql`), written
 * by one INSERT … SELECT: the keys go as arrays of ids, and each distinct list of services (keys
 * of one holder share theirs) goes once, not once per key, so the statement stays small however
 * many keys move. Keys whose move reads alike (same holder before, same service counts) are
 * stored as one subject set, in the result's order (by key id).
 */
async function auditReassigned(
  ctx: RequestContext,
  em: EntityManager,
  result: ReassignmentResult,
  reason: string | null,
): Promise<void> {
  if (!result.keys.length) return;
  const actor = auditActorSql(ctx);
  const why = auditReasonSql(ctx, reason);
  const lists = new Map<string[], number>();
  const listOf = (services: string[]) => {
    let index = lists.get(services);
    if (index === undefined) {
      index = lists.size;
      lists.set(services, index);
    }
    return index;
  };
  const emails: Record<string, string> = {};
  const before: number[] = [];
  const after: number[] = [];
  for (const k of result.keys) {
    emails[k.fromHolderId] = k.fromHolderEmail;
    before.push(listOf(k.servicesBefore));
    after.push(listOf(k.servicesAfter));
  }
  await em.execute(
    `insert into audit_event (${AUDIT_SET_COLUMNS})
     select ${actor.sql}, '${KEY_EVENTS.reassigned}', '${AUDIT_SUBJECTS.API_KEY}', ${auditSubjectsSql("g.ids")}, g.before, g.after, ${why.sql}
       from (
         select array_agg(k.id order by k.ord) as ids, min(k.ord) as first,
                ${custodySnapshotSql("k.from_id", "x.emails ->> k.from_id::text", "jsonb_array_length(x.lists -> k.before)")} as before,
                ${custodySnapshotSql("?::uuid", "?::text", "jsonb_array_length(x.lists -> k.after)")} as after
           from unnest(?::uuid[], ?::uuid[], ?::int[], ?::int[]) with ordinality as k(id, from_id, before, after, ord),
                (select ?::jsonb as lists, ?::jsonb as emails) as x
          group by 3, 4
       ) g
      order by g.first`,
    [
      ...actor.params,
      ...why.params,
      result.toHolderId,
      result.toHolderEmail,
      `{${result.keys.map((k) => k.keyId).join(",")}}`,
      `{${result.keys.map((k) => k.fromHolderId).join(",")}}`,
      `{${before.join(",")}}`,
      `{${after.join(",")}}`,
      JSON.stringify([...lists.keys()]),
      JSON.stringify(emails),
    ],
  );
}

/**
 * What reassigning these keys to `toHolderId` would do, changing nothing: per key the services
 * it works on now and would work on after, and (with `keepAccess`) the Billing collaborations
 * that would be added so nothing stops working.
 */
export async function previewReassignment(
  ctx: RequestContext,
  input: Pick<MoveRequest, "keyIds" | "toHolderId" | "keepAccess">,
): Promise<ReassignmentResult> {
  const data = parseMove(callerSchema, input);
  const { target, rows, targetBilling, missing, others } = await plan(ctx, ctx.em, data, false);
  return outcome(target, rows, targetBilling, data.keepAccess ? [...missing.keys()].sort() : [], others);
}

/**
 * Moves keys to another holder in one transaction, all or nothing. The secrets do not change.
 * With `keepAccess` (the default) the new holder becomes a Billing collaborator wherever a key
 * works today and it is not yet, so every key keeps working on exactly the same services.
 * When a key would work on more services afterwards (a moved one, or one the new holder already
 * has) it refuses with ACCESS_WOULD_WIDEN naming each, unless `allowWiderAccess`.
 * Set-based: a handful of statements whatever the number of keys, audit events included.
 */
export async function reassignApiKeys(ctx: RequestContext, input: MoveRequest): Promise<ReassignmentResult> {
  parseMove(callerSchema, input);
  return inTransaction(ctx, (em) => moveKeys(ctx, em, input));
}

/** The move itself, inside `reassignApiKeys`'s transaction. */
async function moveKeys(ctx: RequestContext, em: EntityManager, input: MoveRequest): Promise<ReassignmentResult> {
  const data = parseMove(schema, input);
  const { target, rows, targetBilling, missing, others } = await plan(ctx, em, data, true);
  const added = data.keepAccess ? [...missing.keys()].sort() : [];
  const result = outcome(target, rows, targetBilling, added, others);
  if (!data.allowWiderAccess) refuseWiderAccess(result, data.keyIds);
  if (added.length) {
    await em.execute(
      carryOverBillingSql("(select s as service_id, ?::uuid as holder_id from unnest(?::uuid[]) as s)"),
      [ctx.now, target.id, `{${added.map((slug) => missing.get(slug)).join(",")}}`],
    );
  }
  const moved = handOverKeysSql({
    keys: { ids: rows.map((r) => r.id) },
    own: new Map(),
    fallback: target.id,
    revoke: [],
    revokedReason: "",
    revokedBy: null,
    now: ctx.now,
  });
  await em.execute(moved.text, [...moved.params]);
  await auditReassigned(ctx, em, result, data.reason ?? null);
  await recordAuditMany(ctx, em, [
    ...added.map((slug) => ({
      action: "collaborator.added",
      subjectType: AUDIT_SUBJECTS.SERVICE,
      subjectId: missing.get(slug) as string,
      after: { service: slug, holder: target.email, role: "BILLING", carriedOverFor: CARRIED_OVER_FOR },
      reason: data.reason,
    })),
  ]);
  await auditOthersGaining(ctx, em, result, [...targetBilling].sort(), data.reason ?? null);
  const topics: Topic[] = [
    `holder:${target.id}`,
    ...[...new Set(rows.map((r) => r.holder_id))].map((id) => `holder:${id}` as Topic),
  ];
  await invalidate(ctx, em, topics);
  return result;
}
