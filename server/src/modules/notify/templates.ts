/** A notice rendered for one recipient: plain text and HTML from the same lines. */
export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/**
 * Renders a notice: a subject, paragraphs, an optional list, and a link into the console. Keys
 * appear by name and prefix only: callers never pass a secret (none is stored).
 */
export function renderNotice(input: {
  subject: string;
  paragraphs: string[];
  items?: string[];
  link: { label: string; url: string };
}): RenderedNotice {
  const items = input.items ?? [];
  const text = [
    ...input.paragraphs,
    ...(items.length ? [items.map((i) => `  - ${i}`).join("\n")] : []),
    `${input.link.label}: ${input.link.url}`,
    "-- \nKeyholder",
  ].join("\n\n");
  const html = [
    "<!doctype html><html><body>",
    ...input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(items.length ? [`<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`] : []),
    `<p><a href="${escapeHtml(input.link.url)}">${escapeHtml(input.link.label)}</a></p>`,
    "<p>&mdash; Keyholder</p></body></html>",
  ].join("\n");
  return { subject: input.subject, text, html };
}

/** A key as notices name it: its name and public prefix. */
export const keyLabel = (k: { name: string; prefix: string }) => `${k.name} (${k.prefix}…)`;

export const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
