import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { DomainError, ErrorCode } from "../../shared/errors.js";
import { Keyset, type PageRequest } from "../../shared/pagination.js";
import type { RequestContext } from "../../shared/request-context.js";
import { inTransaction } from "../../shared/transaction.js";
import { e, optionalText, parseInput, storableString } from "../../shared/validation.js";
import { recordAudit } from "../audit/audit.service.js";
import { enqueue } from "./queue.js";
import { NOTICE_CATEGORIES } from "./settings.js";
import { refuseUnsafeUrl } from "./ssrf.js";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events.js";

/** How this instance treats webhook endpoints; set at start from the configuration. */
export const webhookPolicy = { allowPrivate: false, maxAttempts: 13 };

export interface NoticeRow {
  id: string;
  category: string;
  recipient: string;
  subject: string;
  textBody: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A page of the notices, newest first, optionally of one status. */
export async function listOutbox(ctx: RequestContext, filter: { status?: string | null }, page: PageRequest) {
  const keyset = new Keyset("outbox", page, false);
  const { op, dir } = keyset;
  const [from] = keyset.cursor(["string"]) ?? [null];
  if (from !== null && !/^\d{1,19}$/.test(from)) throw keyset.invalidCursor();
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    `select id::text, category, recipient, subject, text_body, status, attempts, last_error, created_at, sent_at
       from notice_message where (?::text is null or status = ?) and (?::bigint is null or id ${op} ?::bigint)
      order by id ${dir} limit ?`,
    [filter.status ?? null, filter.status ?? null, from, from, keyset.limit],
  );
  const nodes: NoticeRow[] = rows.map((r) => ({
    id: r.id as string,
    category: r.category as string,
    recipient: r.recipient as string,
    subject: r.subject as string,
    textBody: r.text_body as string,
    status: r.status as string,
    attempts: r.attempts as number,
    lastError: r.last_error as string | null,
    createdAt: new Date(r.created_at as string),
    sentAt: r.sent_at ? new Date(r.sent_at as string) : null,
  }));
  return keyset.page(
    nodes,
    (n) => [n.id],
    async () =>
      Number(
        (
          await ctx.em.execute<{ n: string }[]>(
            "select count(*) as n from notice_message where (?::text is null or status = ?)",
            [filter.status ?? null, filter.status ?? null],
          )
        )[0]?.n,
      ),
  );
}

/** Every notice category and whether the organisation has it on. */
export async function listNoticeCategories(ctx: RequestContext) {
  const rows = await ctx.em.execute<{ category: string; enabled: boolean }[]>(
    "select category, enabled from notify_category_setting",
  );
  const off = new Set(rows.filter((r) => !r.enabled).map((r) => r.category));
  return NOTICE_CATEGORIES.map((category) => ({ category, enabled: !off.has(category) }));
}

const categorySchema = z.object({
  category: z.enum(NOTICE_CATEGORIES, { error: e(ErrorCode.INVALID_CATEGORY, "is not a notice category") }),
  enabled: z.boolean(),
});

/** Turns a notice category on or off for the whole organisation. */
export async function setNoticeCategory(ctx: RequestContext, input: { category: string; enabled: boolean }) {
  const data = parseInput(categorySchema, input);
  return inTransaction(ctx, async (em) => {
    const [before] = await em.execute<{ enabled: boolean }[]>(
      "select enabled from notify_category_setting where category = ? for update",
      [data.category],
    );
    await em.execute(
      `insert into notify_category_setting (category, enabled, updated_at) values (?, ?, ?)
       on conflict (category) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [data.category, data.enabled, ctx.now],
    );
    if ((before?.enabled ?? true) !== data.enabled)
      recordAudit(ctx, em, {
        action: "notify.category_changed",
        subjectType: "NoticeCategory",
        subjectId: data.category,
        before: { enabled: before?.enabled ?? true },
        after: { enabled: data.enabled },
      });
    return { category: data.category, enabled: data.enabled };
  });
}

export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: string;
  failingSince: Date | null;
  createdAt: Date;
}

const endpointOf = (r: Record<string, unknown>): EndpointRow => ({
  id: r.id as string,
  url: r.url as string,
  description: r.description as string | null,
  eventTypes: r.event_types as string[],
  status: r.status as string,
  failingSince: r.failing_since ? new Date(r.failing_since as string) : null,
  createdAt: new Date(r.created_at as string),
});

/**
 * An endpoint's URL as the audit trail records it: its origin, and `/…` for a path or query.
 * Receivers often take a URL whose path or query is itself the credential (chat incoming
 * webhooks, tokens in the query), and the audit trail is open to VIEWERs while the endpoints
 * are for ADMINs only.
 */
export function auditedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === "/" && !parsed.search && !parsed.hash ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return "(not a URL)";
  }
}

/** The webhook endpoints, oldest first (their secrets are never read back). */
export async function listWebhookEndpoints(ctx: RequestContext): Promise<EndpointRow[]> {
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    "select id, url, description, event_types, status, failing_since, created_at from webhook_endpoint order by created_at, id",
  );
  return rows.map(endpointOf);
}

/** The endpoints with these ids, in one statement. */
export async function findWebhookEndpoints(ctx: RequestContext, ids: readonly string[]): Promise<EndpointRow[]> {
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    "select id, url, description, event_types, status, failing_since, created_at from webhook_endpoint where id = any(?::uuid[])",
    [`{${ids.join(",")}}`],
  );
  return rows.map(endpointOf);
}

const eventTypes = z
  .array(
    z.string().refine((t) => t === "*" || (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t), {
      error: e(ErrorCode.INVALID_EVENT_TYPE, `must be "*" or one of: ${WEBHOOK_EVENT_TYPES.join(", ")}`),
    }),
  )
  .min(1, { error: e(ErrorCode.REQUIRED, "must name at least one event type") })
  .max(50, { error: e(ErrorCode.TOO_LONG, "must name at most 50 event types") })
  .transform((types) => [...new Set(types)].sort());

const createSchema = z.object({
  url: storableString()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, { error: e(ErrorCode.REQUIRED, "must not be blank") })
        .max(2048, { error: e(ErrorCode.TOO_LONG, "must be at most 2048 characters") }),
    ),
  description: optionalText(500),
  eventTypes,
});

/**
 * Registers an endpoint and makes its signing secret, returned this once. A URL whose host is a
 * loopback or private address is refused (WEBHOOK_URL_REFUSED) unless the instance allows them.
 */
export async function createWebhookEndpoint(
  ctx: RequestContext,
  input: { url: string; description?: string | null; eventTypes: string[] },
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const data = parseInput(createSchema, input);
  const refused = await refuseUnsafeUrl(data.url, webhookPolicy.allowPrivate);
  if (refused) throw new DomainError(ErrorCode.WEBHOOK_URL_REFUSED, `The URL is refused: ${refused}.`, "url");
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  return inTransaction(ctx, async (em) => {
    const id = randomUUID();
    const [row] = await em.execute<Record<string, unknown>[]>(
      `insert into webhook_endpoint (id, url, description, event_types, secret, created_at) values (?, ?, ?, ?, ?, ?)
       returning id, url, description, event_types, status, failing_since, created_at`,
      [id, data.url, data.description, `{${data.eventTypes.join(",")}}`, secret, ctx.now],
    );
    recordAudit(ctx, em, {
      action: "webhook_endpoint.created",
      subjectType: "WebhookEndpoint",
      subjectId: id,
      after: { url: auditedUrl(data.url), eventTypes: data.eventTypes },
    });
    return { endpoint: endpointOf(row as Record<string, unknown>), secret };
  });
}

/** Removes an endpoint: nothing more is delivered to it. Its delivery log stays. */
export async function deleteWebhookEndpoint(ctx: RequestContext, id: string): Promise<EndpointRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError(ErrorCode.INVALID_ID, "id is not an endpoint id.", "id");
  return inTransaction(ctx, async (em) => {
    const [row] = await em.execute<Record<string, unknown>[]>(
      "delete from webhook_endpoint where id = ? returning id, url, description, event_types, status, failing_since, created_at",
      [id],
    );
    if (!row) throw new DomainError(ErrorCode.WEBHOOK_NOT_FOUND, "No such webhook endpoint.", "id");
    await em.execute(
      "update webhook_delivery set status = 'FAILED', last_error = 'endpoint deleted' where endpoint_id = ? and status = 'PENDING'",
      [id],
    );
    recordAudit(ctx, em, {
      action: "webhook_endpoint.deleted",
      subjectType: "WebhookEndpoint",
      subjectId: id,
      before: { url: auditedUrl(row.url as string), eventTypes: row.event_types },
    });
    return endpointOf(row);
  });
}

export interface DeliveryRow {
  id: string;
  endpointId: string;
  eventType: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const deliveryOf = (r: Record<string, unknown>): DeliveryRow => ({
  id: r.id as string,
  endpointId: r.endpoint_id as string,
  eventType: r.event_type as string,
  payload: r.payload as Record<string, unknown>,
  status: r.status as string,
  attempts: r.attempts as number,
  lastStatusCode: r.last_status_code as number | null,
  lastError: r.last_error as string | null,
  lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at as string) : null,
  deliveredAt: r.delivered_at ? new Date(r.delivered_at as string) : null,
  createdAt: new Date(r.created_at as string),
});

const DELIVERY_COLUMNS =
  "id, endpoint_id, event_type, payload, status, attempts, last_status_code, last_error, last_attempt_at, delivered_at, created_at";

/** An endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(ctx: RequestContext, endpointId: string, page: PageRequest) {
  const keyset = new Keyset("deliveries", page, false);
  const { op, dir } = keyset;
  const [fromAt, fromId] = keyset.cursor(["date", "string"]) ?? [null, null];
  const rows = await ctx.em.execute<Record<string, unknown>[]>(
    `select ${DELIVERY_COLUMNS} from webhook_delivery
      where endpoint_id = ?::uuid and (?::timestamptz is null or (created_at, id) ${op} (?::timestamptz, ?))
      order by created_at ${dir}, id ${dir} limit ?`,
    [endpointId, fromAt, fromAt, fromId, keyset.limit],
  );
  return keyset.page(
    rows.map(deliveryOf),
    (d) => [d.createdAt.toISOString(), d.id],
    async () =>
      Number(
        (
          await ctx.em.execute<{ n: string }[]>(
            "select count(*) as n from webhook_delivery where endpoint_id = ?::uuid",
            [endpointId],
          )
        )[0]?.n,
      ),
  );
}

/**
 * Sends a delivery again, with the same `webhook-id` and payload, as a fresh run of attempts.
 * A delivery that succeeds brings a failing endpoint back to ACTIVE.
 */
export async function redeliverWebhook(ctx: RequestContext, deliveryId: string): Promise<DeliveryRow> {
  if (!/^msg_[0-9a-f]{32}$/.test(deliveryId))
    throw new DomainError(ErrorCode.INVALID_ID, "id is not a delivery id.", "id");
  return inTransaction(ctx, async (em) => {
    const [row] = await em.execute<Record<string, unknown>[]>(
      `update webhook_delivery d set status = 'PENDING', last_error = null from webhook_endpoint w
        where d.id = ? and w.id = d.endpoint_id returning d.${DELIVERY_COLUMNS.split(", ").join(", d.")}`,
      [deliveryId],
    );
    if (!row)
      throw new DomainError(ErrorCode.DELIVERY_NOT_FOUND, "No such delivery (or its endpoint was deleted).", "id");
    // The delivery's job key: a retry still waiting is replaced by this fresh run, not doubled.
    await enqueue(em, [
      {
        task: "deliver_webhook",
        payload: { deliveryId },
        maxAttempts: webhookPolicy.maxAttempts,
        jobKey: `deliver:${deliveryId}`,
      },
    ]);
    recordAudit(ctx, em, {
      action: "webhook_delivery.resent",
      subjectType: "WebhookEndpoint",
      subjectId: row.endpoint_id as string,
      after: { delivery: deliveryId, eventType: row.event_type },
    });
    return deliveryOf(row);
  });
}
