import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Webhook } from "standardwebhooks";
import { checkedLookup, type Resolve, refuseUnsafeUrl, systemResolve } from "./ssrf.js";

/**
 * One POST, redirects not followed, its connection made to an address `lookup` checked. Resolves
 * with the status code once the answer's head arrives (its body is discarded).
 */
function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { lookup: LookupFunction; timeoutMs: number },
): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: options.lookup,
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Thrown for an attempt that did not get a 2xx: the queue retries the job with backoff. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
}

/**
 * The `deliver_webhook` job: one attempt at one delivery, signed per Standard Webhooks with the
 * endpoint's secret (`webhook-id` is the delivery's id on every attempt). A 2xx marks it
 * DELIVERED; anything else is recorded and thrown, so the queue retries it with exponential
 * backoff; the last attempt marks the delivery FAILED and its endpoint FAILING.
 */
export async function deliverWebhook(
  em: EntityManager,
  deliveryId: string,
  attempt: { last: boolean },
  options: { allowPrivate: boolean; timeoutMs: number; now?: () => Date; resolve?: Resolve },
): Promise<number | null> {
  const [d] = await em.execute<
    { endpoint_id: string; payload: unknown; status: string; url: string; secret: string }[]
  >(
    `select d.endpoint_id, d.payload, d.status, w.url, w.secret
       from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id where d.id = ?`,
    [deliveryId],
  );
  if (!d || d.status === "DELIVERED") return null;
  const body = JSON.stringify(d.payload);
  let status: number | null = null;
  const resolve = options.resolve ?? systemResolve;
  let failure: string | null = await refuseUnsafeUrl(d.url, options.allowPrivate, resolve);
  if (failure) failure = `refused: ${failure}`;
  else {
    try {
      const at = options.now?.() ?? new Date();
      const signature = new Webhook(d.secret).sign(deliveryId, at, body);
      status = await post(
        d.url,
        body,
        {
          "content-type": "application/json",
          "user-agent": "Keyholder-Webhooks/1",
          "webhook-id": deliveryId,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": signature,
        },
        { lookup: checkedLookup(resolve, options.allowPrivate), timeoutMs: options.timeoutMs },
      );
      if (status < 200 || status >= 300) failure = `HTTP ${status}`;
    } catch (error) {
      failure =
        error instanceof Error
          ? error.name === "TimeoutError" || error.name === "AbortError"
            ? "timed out"
            : error.message
          : "failed";
    }
  }
  if (!failure) {
    // One statement: the delivery is done, and a failing endpoint that answers again (say,
    // after "send again") is active again.
    await em.execute(
      `with done as (
         update webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_status_code = ?,
                last_error = null, last_attempt_at = now(), delivered_at = now()
          where id = ? returning endpoint_id)
       update webhook_endpoint w set status = 'ACTIVE', failing_since = null
         from done where w.id = done.endpoint_id and w.status = 'FAILING'`,
      [status, deliveryId],
    );
    return status;
  }
  await em.transactional(async (tx) => {
    await tx.execute(
      `update webhook_delivery set status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?,
              last_attempt_at = now() where id = ?`,
      [attempt.last ? "FAILED" : "PENDING", status, failure.slice(0, 500), deliveryId],
    );
    if (attempt.last)
      await tx.execute(
        "update webhook_endpoint set status = 'FAILING', failing_since = coalesce(failing_since, now()) where id = ?",
        [d.endpoint_id],
      );
  });
  throw new DeliveryError(`delivery ${deliveryId} failed: ${failure}`);
}
