import type { Role } from "@keyholder/graphql";
import {
  IconApi,
  IconClipboardList,
  IconGauge,
  IconKey,
  IconLogout2,
  IconServer2,
  IconShieldLock,
  IconUsers,
} from "@tabler/icons-react";

export interface NavItem {
  href: string;
  label: string;
  icon: typeof IconKey;
  /** Hidden from roles below this one. */
  role: Role;
}

export const NAV: NavItem[] = [
  { href: "/", label: "Overview", icon: IconGauge, role: "VIEWER" },
  { href: "/keys", label: "API keys", icon: IconKey, role: "VIEWER" },
  { href: "/holders", label: "Holders", icon: IconUsers, role: "VIEWER" },
  { href: "/services", label: "Services", icon: IconServer2, role: "VIEWER" },
  { href: "/offboarding", label: "Offboarding", icon: IconLogout2, role: "OPERATOR" },
  { href: "/audit", label: "Audit log", icon: IconClipboardList, role: "VIEWER" },
  { href: "/tokens", label: "Access tokens", icon: IconShieldLock, role: "VIEWER" },
  { href: "/explorer", label: "API explorer", icon: IconApi, role: "VIEWER" },
];
