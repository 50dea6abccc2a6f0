import { nameRule } from "../../components/form-rules.js";
import { LIMIT } from "../../components/text-limit.js";

/** The API's slug rule: lower-case letters and digits in words separated by single hyphens. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const SLUG_MAX = 63;

// A type alias, not an interface: `applyServerErrors` needs values indexable by field name.
export type ServiceValues = {
  slug: string;
  name: string;
  description: string;
};

/** The same checks as the API, so a bad value is caught before it is sent. */
export const serviceValidation = {
  slug: (value: string) => {
    const slug = value.trim();
    if (slug.length < 2) return "At least 2 characters, e.g. parking-fines";
    if (slug.length > SLUG_MAX) return `At most ${SLUG_MAX} characters`;
    if (!SLUG.test(slug)) return "Lower-case letters and digits, in words separated by single hyphens";
    return null;
  },
  name: nameRule(LIMIT.name, "Give the service a name people recognise"),
  description: (value: string) => (value.trim().length > 2000 ? "At most 2,000 characters" : null),
};

/** A slug made from a name ("Parking fines (HDB)" → "parking-fines-hdb"), to start from. */
export function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}
