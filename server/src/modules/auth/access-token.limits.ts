/** The longest lifetime an access token may be given, in days. */
export const MAX_TOKEN_DAYS = 365;
