import type { ResultOf } from "@keyholder/graphql";
import { maskFragments } from "gql.tada";
import { pageOf } from "../../../test/connection.js";
import { answerOf } from "../../../test/render.js";
import { KeyRowFields, KeysQuery } from "../keys.graphql.js";

type KeyRow = ResultOf<typeof KeyRowFields>;

const DAY = 86_400_000;
/** An ISO time `n` days from now (before it when negative). */
export const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

/**
 * Key `n` as a row of the keys list: active, in production, held by a group email, working on
 * parking, used yesterday; `overrides` replace top-level fields.
 */
export function keyRow(n: number, overrides: Partial<KeyRow> = {}) {
  return {
    __typename: "ApiKey" as const,
    id: `k-${n}`,
    name: `key ${n}`,
    prefix: `kh_live_${n}`,
    environment: "PRODUCTION" as const,
    status: "ACTIVE" as const,
    expiresAt: null,
    lastUsedAt: inDays(-1),
    createdAt: inDays(-200),
    suspendedAt: null,
    holder: {
      __typename: "GroupEmail" as const,
      id: "g-1",
      email: "team@example.org",
      name: "Team",
      kind: "GROUP" as const,
    },
    worksOn: [{ __typename: "Service" as const, id: "s-1", slug: "parking" }],
    ...overrides,
  };
}

/**
 * One page of key rows as every keys table reads it (`KeyRowPageFields`): `rows` out of `total`,
 * with a next page after `cursor` or not.
 */
export function keyRowPage(
  rows: ReturnType<typeof keyRow>[],
  total = rows.length,
  hasNextPage = false,
  cursor = "Y3Vyc29y",
) {
  return pageOf("ApiKey", [...maskFragments([KeyRowFields], rows)], total, hasNextPage, cursor);
}

/** The `Keys` query's answer: one page of `rows` out of `total`, with a next page or not. */
export function keysAnswer(rows: ReturnType<typeof keyRow>[], total = rows.length, hasNextPage = false) {
  return answerOf(KeysQuery, { apiKeys: keyRowPage(rows, total, hasNextPage) });
}
