import type { EntityManager } from "@mikro-orm/postgresql";
import { type ChangedKey, changedKeys, keysReassignedToGroups } from "../api-key/key-notices.queries.js";
import { adminEmails, keyRecipients, type NoticeDraft, writeNotices } from "./notices.js";
import type { NotifySettings } from "./settings.js";
import { keyLabel, renderNotice } from "./templates.js";
import { queueWebhookEvents, type WebhookEventDraft } from "./webhook-events.js";

interface AuditRow {
  id: string;
  occurred_at: Date;
  action: string;
  subject_type: string;
  subjects: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  request_id: string | null;
  actor_label: string;
}

const keyData = (k: ChangedKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  environment: k.environment,
  holder: { id: k.holder_id, kind: k.holder_kind === "GROUP" ? "GROUP_EMAIL" : "USER", email: k.holder_email },
  expiresAt: k.expires_at ? new Date(k.expires_at).toISOString() : null,
  revokedAt: k.revoked_at ? new Date(k.revoked_at).toISOString() : null,
});

/**
 * The `notify_audit` job: turns one recorded change into its notices and webhook events, in one
 * transaction. Each is written under a dedupe key made of the audit event, subject and
 * recipient, so a job that runs again after a crash writes nothing twice.
 */
export async function handleAuditEvent(
  em: EntityManager,
  auditEventId: string,
  settings: Pick<NotifySettings, "publicUrl" | "webhookMaxAttempts">,
): Promise<{ notices: number; deliveries: number }> {
  const [a] = await em.execute<AuditRow[]>(
    `select id::text, occurred_at, action, subject_type, coalesce(subject_ids::text[], array[subject_id]) as subjects,
            before, after, reason, request_id, actor_label
       from audit_event where id = ?`,
    [auditEventId],
  );
  if (!a) return { notices: 0, deliveries: 0 };
  const notices: NoticeDraft[] = [];
  const events: WebhookEventDraft[] = [];
  const event = (type: string, subject: string, data: Record<string, unknown>) =>
    events.push({
      type,
      dedupeKey: `audit:${a.id}:${subject}`,
      occurredAt: new Date(a.occurred_at),
      data: { ...data, actor: a.actor_label, reason: a.reason },
    });
  const notice = (recipient: string, subject: string, draft: Omit<NoticeDraft, "dedupeKey" | "recipient">) =>
    notices.push({ ...draft, recipient, dedupeKey: `audit:${a.id}:${subject}:${recipient}` });
  const link = (path: string, label: string) => ({ label, url: `${settings.publicUrl}${path}` });

  if (a.action.startsWith("api_key.")) {
    const keys = await changedKeys(em, a.subjects);
    const admins = a.action === "api_key.created" ? [] : await adminEmails(em);
    for (const k of keys) {
      const label = keyLabel(k);
      const keyLink = link(`/keys/${k.id}`, "Open the key in Keyholder");
      /** A KEY_CHANGE notice about this key, with its link, to each of `recipients`. */
      const tellKeyChange = (recipients: Iterable<string>, subject: string, paragraphs: string[]) => {
        for (const to of recipients)
          notice(to, k.id, { category: "KEY_CHANGE", ...renderNotice({ subject, paragraphs, link: keyLink }) });
      };
      if (a.action === "api_key.created") event("api_key.created", k.id, { key: keyData(k) });
      if (a.action === "api_key.rotated") {
        const ends = k.previous_secret_expires_at ? new Date(k.previous_secret_expires_at).toISOString() : null;
        event("api_key.rotated", k.id, {
          key: keyData(k),
          previousPrefix: a.before?.prefix ?? null,
          previousSecretEndsAt: ends,
        });
        tellKeyChange(keyRecipients(k, admins), `API key ${k.name} was rotated`, [
          `${a.actor_label} rotated the ${k.environment.toLowerCase()} API key ${label}, held by ${k.holder_email}.`,
          ends
            ? `The old secret (${String(a.before?.prefix ?? "")}…) stops working at ${ends.replace("T", " ").slice(0, 16)} UTC: switch to the new one before then.`
            : "The old secret stopped working at once.",
        ]);
      }
      if (a.action === "api_key.revoked") {
        event("api_key.revoked", k.id, { key: keyData(k) });
        tellKeyChange(keyRecipients(k, admins), `API key ${k.name} was revoked`, [
          `${a.actor_label} revoked the ${k.environment.toLowerCase()} API key ${label}, held by ${k.holder_email}. It no longer works anywhere.`,
          ...(a.reason ? [`Reason: ${a.reason}`] : []),
        ]);
      }
      if (a.action === "api_key.reassigned") {
        const from = typeof a.before?.holder === "string" ? a.before.holder : null;
        event("api_key.reassigned", k.id, { key: keyData(k), previousHolder: from });
        const recipients = new Set([...keyRecipients(k, admins), ...(from ? [from] : [])]);
        tellKeyChange(recipients, `API key ${k.name} was reassigned to ${k.holder_email}`, [
          `${a.actor_label} moved the ${k.environment.toLowerCase()} API key ${label} from ${from ?? "its previous holder"} to ${k.holder_email}.`,
        ]);
      }
    }
  } else if (a.action === "collaborator.added" || a.action === "collaborator.removed") {
    for (const s of a.subjects)
      event(a.action, s, { serviceId: s, ...(a.action === "collaborator.added" ? a.after : a.before) });
  } else if (a.action === "user.offboarded") {
    const leaver = a.subjects[0] as string;
    const [user] = await em.execute<{ email: string }[]>("select email from holder where id = ?", [leaver]);
    // What the receiving groups now hold: the keys this offboarding's request reassigned to them.
    const received = await keysReassignedToGroups(em, a.request_id, a.occurred_at);
    event("user.offboarded", leaver, {
      user: { id: leaver, email: user?.email ?? null },
      receivingGroups: received.map((g) => ({ email: g.group_email, keyCount: g.keys.length })),
    });
    for (const g of received)
      notice(g.group_email, leaver, {
        category: "OFFBOARDING",
        ...renderNotice({
          subject: `${user?.email ?? "A leaver"}'s keys now sit with ${g.group_email}`,
          paragraphs: [
            `${a.actor_label} completed the offboarding of ${user?.email ?? "a leaver"}. ${g.group_email} now holds these keys:`,
          ],
          items: g.keys,
          link: link(`/holders/${leaver}`, "Open the leaver in Keyholder"),
        }),
      });
  } else if (a.action === "group_email.member_removed") {
    const group = a.subjects[0] as string;
    const [g] = await em.execute<{ email: string; active: number }[]>(
      `select g.email, (select count(*) from group_membership m join holder u on u.id = m.user_id and u.status = 'ACTIVE'
                         where m.group_id = g.id)::int as active
         from holder g where g.id = ?`,
      [group],
    );
    if (g && g.active < 2) {
      event("group_email.below_two_members", group, { group: { id: group, email: g.email }, activeMembers: g.active });
      for (const to of new Set([g.email, ...(await adminEmails(em))]))
        notice(to, group, {
          category: "GROUP",
          ...renderNotice({
            subject: `${g.email} is down to ${g.active} active member${g.active === 1 ? "" : "s"}`,
            paragraphs: [
              `${a.actor_label} removed ${String(a.after?.member ?? "a member")} from ${g.email}, which now has ${g.active} active member${g.active === 1 ? "" : "s"}.`,
              "A group email with fewer than two people is one departure away from losing its keys: add a member.",
            ],
            link: link(`/holders/${group}`, "Open the group in Keyholder"),
          }),
        });
    }
  } else if (a.action === "leaver_case.opened") {
    // The audit event's subject is the user; the case is in `after` (see leaver-case.service.ts).
    const leaver = a.subjects[0] as string;
    const caseId = typeof a.after?.leaverCase === "string" ? a.after.leaverCase : null;
    const email = typeof a.after?.email === "string" ? a.after.email : null;
    event("leaver_case.opened", leaver, { leaverCase: { id: caseId }, user: { id: leaver, email } });
  }
  const written = await writeNotices(em, notices);
  const deliveries = await queueWebhookEvents(em, events, settings.webhookMaxAttempts);
  return { notices: written, deliveries };
}
