import type { ApiKeyStatus, Environment, HolderKind } from "@keyholder/graphql";
import { Badge } from "@mantine/core";
import type { CSSProperties } from "react";

/** Badges in narrow table cells keep their full word instead of an ellipsis. */
const NO_SHRINK: CSSProperties = { flexShrink: 0, minWidth: "fit-content" };

const STATUS_COLOR: Record<ApiKeyStatus, string> = { ACTIVE: "teal", EXPIRED: "orange", REVOKED: "gray" };

export function KeyStatusBadge({ status }: { status: ApiKeyStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={NO_SHRINK}>
      {status.toLowerCase()}
    </Badge>
  );
}

export function EnvironmentBadge({ environment }: { environment: Environment }) {
  return (
    <Badge color={environment === "PRODUCTION" ? "red" : "blue"} variant="outline" style={NO_SHRINK}>
      {environment === "PRODUCTION" ? "production" : "staging"}
    </Badge>
  );
}

export function HolderKindBadge({ kind }: { kind: HolderKind }) {
  return (
    <Badge color={kind === "GROUP" ? "violet" : "gray"} variant="light" style={NO_SHRINK}>
      {kind === "GROUP" ? "group email" : "person"}
    </Badge>
  );
}

export function UserStatusBadge({ status }: { status: "ACTIVE" | "DEPARTED" }) {
  return (
    <Badge color={status === "ACTIVE" ? "teal" : "gray"} variant="dot" style={NO_SHRINK}>
      {status.toLowerCase()}
    </Badge>
  );
}
