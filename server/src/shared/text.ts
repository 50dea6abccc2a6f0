/**
 * A NUL character, or half of a surrogate pair without its other half. PostgreSQL refuses NUL in
 * text, and an unpaired surrogate is not Unicode (it cannot be written as UTF-8), so neither can
 * be stored, searched for or written to the audit trail: input carrying one is refused up front.
 */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` holds a character that no text column can store (see above). */
export function hasUnstorableCharacters(text: string): boolean {
  return text.includes("\u0000") || UNPAIRED_SURROGATE.test(text);
}

/** The message for a field whose text holds such a character. */
export function unstorableMessage(field: string): string {
  return `${field} must not contain NUL characters or unpaired surrogates.`;
}
