import type { CollaboratorRole } from "@keyholder/graphql";
import { Badge } from "@mantine/core";

export const ROLES: readonly CollaboratorRole[] = ["BILLING", "ADMIN", "VIEWER"];

export const ROLE_LABEL: Record<CollaboratorRole, string> = { BILLING: "Billing", ADMIN: "Admin", VIEWER: "Viewer" };

/** A collaborator role as the screen names it ("Billing"), whatever list it came from. */
export function roleLabel(role: string): string {
  return ROLE_LABEL[role as CollaboratorRole] ?? role;
}

/** What the roles mean here, under the role pickers. */
export const ROLE_HELP = "Billing makes the holder's keys work on this service; Admin and Viewer do not.";

// Dark shades under white text: readable in both colour schemes.
const ROLE_COLOR: Record<CollaboratorRole, string> = { BILLING: "teal.9", ADMIN: "indigo.8", VIEWER: "gray.7" };

export function RoleBadge({ role }: { role: CollaboratorRole }) {
  return (
    <Badge color={ROLE_COLOR[role]} variant="filled" style={{ flexShrink: 0, minWidth: "fit-content" }}>
      {ROLE_LABEL[role]}
    </Badge>
  );
}
