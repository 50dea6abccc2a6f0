import type { Role } from "@keyholder/graphql";
import type { ReactNode } from "react";
import { useSession } from "./session.js";

/** Renders its children only for a role that may do what they do; the API refuses the rest anyway. */
export function Can({ atLeast, children }: { atLeast: Role; children: ReactNode }) {
  const { can } = useSession();
  return can(atLeast) ? children : null;
}
