import type { GraphiQLProps } from "graphiql";

type Fetcher = GraphiQLProps["fetcher"];

/**
 * Sends the explorer's operations to the console's own API with the session cookie, so they run
 * as the signed-in user. Headers typed in the explorer (e.g. an access token to try) go along.
 */
export function sessionFetcher(url = "/graphql"): Fetcher {
  return async (params, options) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json", ...options?.headers },
      body: JSON.stringify(params),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200) || response.statusText}` }] };
    }
  };
}
