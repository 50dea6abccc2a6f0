import { Client, cacheExchange, fetchExchange, mapExchange } from "urql";

/**
 * The console's GraphQL client. Requests go to the same origin with the session cookie; queries
 * are POSTed (the API refuses GET without a CSRF-safe header). When the API answers
 * UNAUTHENTICATED the session has ended (expiry, sign-out elsewhere, offboarding): `onSignedOut`
 * sends the user back to the sign-in screen.
 */
export function createConsoleClient(onSignedOut: () => void, url = "/graphql"): Client {
  return new Client({
    url,
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: { credentials: "same-origin", headers: { "x-keyholder-client": "console" } },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED")) onSignedOut();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
  });
}
