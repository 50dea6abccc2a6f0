/** The query parameter the API's identity-provider callback returns with when it refused. */
export const SIGN_IN_ERROR_PARAM = "sign_in_error";

const MESSAGES: Record<string, string> = {
  NO_CONSOLE_ROLE:
    "Your account is in none of the groups that may use Keyholder. Ask an administrator to add you to one.",
  USER_DEPARTED: "This account belongs to someone who has left the organisation.",
  IDENTITY_INCOMPLETE:
    "Your identity provider did not send a verified email address, so Keyholder cannot tell who you are.",
  EMAIL_TAKEN:
    "Your email address belongs to another account in Keyholder (a group email, or someone else who signs in with it). Ask an administrator.",
  IDENTITY_PROVIDER_ERROR: "Signing in through your identity provider did not complete. Try again.",
  RATE_LIMITED: "Too many sign-in attempts from your address. Wait a minute and try again.",
};

/** What to tell the person for a refusal code from the callback (an unknown code still says it failed). */
export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? "Signing in did not complete. Try again.";
}

/** What to tell the person about the refusal the API redirected back with; null when there is none. */
export function signInErrorIn(location: Location = window.location): string | null {
  const code = new URL(location.href).searchParams.get(SIGN_IN_ERROR_PARAM);
  return code === null ? null : signInErrorMessage(code);
}

/** Takes the refusal out of the address bar, so that a reload or a shared link does not show it again. */
export function forgetSignInError(location: Location = window.location, history: History = window.history): void {
  const url = new URL(location.href);
  if (!url.searchParams.has(SIGN_IN_ERROR_PARAM)) return;
  url.searchParams.delete(SIGN_IN_ERROR_PARAM);
  history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
}

/** The identity provider's sign-in link, coming back to where the person is now. */
export function identityProviderHref(signInPath: string, location: Location = window.location): string {
  const returnTo = `${location.pathname}${location.search}`;
  return `${signInPath}?returnTo=${encodeURIComponent(returnTo)}`;
}
