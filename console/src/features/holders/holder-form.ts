/** A pragmatic check before submit; the server's stricter rule still has the last word. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// A type, not an interface: applyServerErrors needs values indexable by field name.
export type HolderFormValues = {
  email: string;
  name: string;
  description: string;
};

/** The validation rules shared by the create and edit dialogs (the server's limits). */
export const holderValidation = {
  email: (v: string) =>
    !v.trim()
      ? "Enter an email address"
      : v.trim().length > 254
        ? "At most 254 characters"
        : EMAIL.test(v.trim())
          ? null
          : "This is not an email address",
  name: (v: string) => (!v.trim() ? "Enter a name" : v.trim().length > 200 ? "At most 200 characters" : null),
  description: (v: string) => (v.trim().length > 2000 ? "At most 2000 characters" : null),
};

/** Server messages such as "must not be blank" read as a sentence once the field is named. */
export function describeErrors(errors: readonly { field?: string | null; message: string }[]): string {
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(" ");
}
