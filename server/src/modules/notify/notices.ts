import type { EntityManager } from "@mikro-orm/postgresql";
import { ACTIVE_ADMIN } from "../holder/user/user.entity.js";
import type { NoticeCategory } from "./settings.js";
import type { RenderedNotice } from "./templates.js";

/** A notice to write: once per `dedupeKey` (a cause and a recipient), whatever retries happen. */
export interface NoticeDraft extends RenderedNotice {
  dedupeKey: string;
  category: NoticeCategory;
  recipient: string;
}

/**
 * Writes notices and queues a `send_notice` job for each new one, in one statement however many:
 * a notice already written (same `dedupeKey`) or of a category the organisation turned off is
 * skipped. Returns how many were written.
 */
export async function writeNotices(em: EntityManager, drafts: readonly NoticeDraft[]): Promise<number> {
  if (!drafts.length) return 0;
  const [row] = await em.execute<{ n: string }[]>(
    `with input as (
       select * from json_to_recordset(?::json)
         as n(dedupe_key text, category text, recipient text, subject text, text_body text, html_body text)),
     written as (
       insert into notice_message (dedupe_key, category, recipient, subject, text_body, html_body)
       select i.dedupe_key, i.category, i.recipient, i.subject, i.text_body, i.html_body from input i
        where not exists (select from notify_category_setting s where s.category = i.category and not s.enabled)
       on conflict (dedupe_key) do nothing
       returning id)
     select count(*) as n from graphile_worker.add_jobs(array(
       select row('send_notice', json_build_object('noticeId', w.id::text), null, null, null, null, null, null)::graphile_worker.job_spec
         from written w))`,
    [
      JSON.stringify(
        drafts.map((d) => ({
          dedupe_key: d.dedupeKey,
          category: d.category,
          recipient: d.recipient,
          subject: d.subject,
          text_body: d.text,
          html_body: d.html,
        })),
      ),
    ],
  );
  return Number(row?.n ?? 0);
}

/** The active ADMINs' addresses: they hear about production keys that sit with individuals. */
export async function adminEmails(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ email: string }[]>(`select email from holder where ${ACTIVE_ADMIN} order by email`);
  return rows.map((r) => r.email);
}

/** A key's recipients: its holder (a group's own address, or the person), plus the ADMINs for a production key a person holds. */
export function keyRecipients(
  key: { environment: string; holder_kind: string; holder_email: string },
  admins: readonly string[],
): string[] {
  const to = [key.holder_email];
  if (key.environment === "PRODUCTION" && key.holder_kind === "USER") to.push(...admins);
  return [...new Set(to)];
}
