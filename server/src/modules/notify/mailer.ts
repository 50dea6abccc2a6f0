import type { EntityManager } from "@mikro-orm/postgresql";
import nodemailer from "nodemailer";
import type { NotifySettings } from "./settings.js";

export type Mailer = {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
};

/** An SMTP mailer over `SMTP_URL`, or null when none is configured (notices are then kept). */
export function createMailer(settings: Pick<NotifySettings, "smtpUrl" | "mailFrom">): Mailer | null {
  if (!settings.smtpUrl) return null;
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: settings.mailFrom, ...message });
    },
    close: () => transport.close(),
  };
}

/**
 * The `send_notice` job: sends one notice over SMTP and marks it SENT, or, with no SMTP, marks it
 * STORED for the Outbox. A notice already sent is not sent again. A failure is recorded and
 * thrown, so the queue retries it with backoff; the last attempt marks it FAILED.
 */
export async function sendNotice(
  em: EntityManager,
  mailer: Mailer | null,
  noticeId: string,
  attempt: { number: number; last: boolean },
): Promise<void> {
  const [n] = await em.execute<
    { recipient: string; subject: string; text_body: string; html_body: string; status: string }[]
  >("select recipient, subject, text_body, html_body, status from notice_message where id = ?", [noticeId]);
  if (!n || n.status === "SENT" || n.status === "STORED") return;
  if (!mailer) {
    await em.execute("update notice_message set status = 'STORED', attempts = attempts + 1 where id = ?", [noticeId]);
    return;
  }
  try {
    await mailer.send({ to: n.recipient, subject: n.subject, text: n.text_body, html: n.html_body });
  } catch (error) {
    const message = error instanceof Error ? error.message.slice(0, 500) : "send failed";
    await em.execute("update notice_message set attempts = attempts + 1, last_error = ?, status = ? where id = ?", [
      message,
      attempt.last ? "FAILED" : "PENDING",
      noticeId,
    ]);
    throw error;
  }
  await em.execute(
    "update notice_message set status = 'SENT', attempts = attempts + 1, sent_at = now(), last_error = null where id = ?",
    [noticeId],
  );
}
