import type { VariablesOf } from "@keyholder/graphql";
import { Route } from "wouter";
import { answerOf, type RenderOptions, renderConsole, type WithTypenames } from "../../../test/render.js";
import KeyPage from "../KeyPage.js";
import { type KeyDetail, KeyQuery } from "../key.graphql.js";

type Key = WithTypenames<KeyDetail> | null;

/**
 * Renders the key page at `url` (k-1's unless given) as the router would, the `Key` query answered
 * with `key` (null: there is no such key) or with what `key` returns for the query's variables.
 */
export function renderKeyPage(
  key: Key | ((variables: VariablesOf<typeof KeyQuery>) => Key),
  options: RenderOptions = {},
) {
  const answer =
    typeof key === "function"
      ? answerOf(KeyQuery, (variables) => ({ apiKey: key(variables) }))
      : answerOf(KeyQuery, { apiKey: key });
  return renderConsole(<Route path="/keys/:id" component={KeyPage} />, {
    ...options,
    url: options.url ?? "/keys/k-1",
    answers: { Key: answer, ...options.answers },
  });
}
