import type { HolderRefFields, ResultOf } from "@keyholder/graphql";
import { HolderOptionsQuery } from "../components/pickers.graphql.js";
import { answerOf, type WithTypenames } from "./render.js";

type HolderOption = WithTypenames<ResultOf<typeof HolderRefFields>>;

/** The holder picker's answer: these holders are offered. */
export const holderOptions = (...nodes: HolderOption[]) =>
  answerOf(HolderOptionsQuery, { holders: { __typename: "HolderConnection", nodes } });

/** A user as the holder picker offers it (active unless said). */
export const userOption = (id: string, email: string, name: string, status: "ACTIVE" | "DEPARTED" = "ACTIVE") =>
  ({ __typename: "User", id, email, name, kind: "USER", status }) as const;

/** A group email as the holder picker offers it. */
export const groupOption = (id: string, email: string, name: string) =>
  ({ __typename: "GroupEmail", id, email, name, kind: "GROUP" }) as const;
