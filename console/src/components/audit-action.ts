/** Actions whose words are not "<thing> <verb>" from their name. */
const SPECIAL: Record<string, string> = {
  "api_key.updated": "Key edited",
  "api_key.overlap_ended": "Old secret stopped early",
  "group_email.member_added": "Member added",
  "group_email.member_removed": "Member removed",
  "user.console_access_changed": "Console access changed",
  "user.password_reset": "Console password reset",
  "auth.signed_in": "Signed in",
  "auth.signed_out": "Signed out",
  "auth.password_changed": "Password changed",
  "auth.account_locked": "Account locked",
  "auth.sign_in_refused": "Sign-in refused",
  "notify.category_changed": "Notice category switched",
  "webhook_delivery.resent": "Webhook delivery sent again",
};

const THING: Record<string, string> = {
  api_key: "Key",
  collaborator: "Collaborator",
  service: "Service",
  group_email: "Group email",
  user: "User",
  access_token: "Access token",
  scim_client: "SCIM client",
  webhook_endpoint: "Webhook endpoint",
};

/**
 * An audit action in words, as the screen shows it: `api_key.reassigned` → "Key reassigned",
 * `service.updated` → "Service edited". An action the console does not know yet still reads as
 * words ("Collaborator role changed").
 */
export function actionLabel(action: string): string {
  const special = SPECIAL[action];
  if (special) return special;
  const [family = "", verb = ""] = action.split(".", 2);
  const words = verb.replaceAll("_", " ").replace(/^updated$/, "edited");
  const thing = THING[family] ?? family.replaceAll("_", " ");
  const text = [thing, words].filter(Boolean).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
