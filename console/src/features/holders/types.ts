import type { ResultOf } from "@keyholder/graphql";
import type { HolderQuery } from "./holder.graphql.js";

/** The holder as the holder page reads it: a user or a group email, told apart by `__typename`. */
export type HolderDetail = NonNullable<ResultOf<typeof HolderQuery>["holder"]>;
export type UserDetail = Extract<HolderDetail, { __typename: "User" }>;
export type GroupDetail = Extract<HolderDetail, { __typename: "GroupEmail" }>;
