import type { Role } from "@keyholder/graphql";
import {
  IconApi,
  IconClipboardList,
  IconFileImport,
  IconGauge,
  IconKey,
  IconLogout2,
  IconMail,
  IconServer2,
  IconShieldLock,
  IconUsers,
  IconWebhook,
} from "@tabler/icons-react";
import { paths } from "../../urls.js";

export interface NavItem {
  href: string;
  label: string;
  icon: typeof IconKey;
  /** Hidden from roles below this one. */
  role: Role;
}

export const NAV: NavItem[] = [
  { href: paths.overview, label: "Overview", icon: IconGauge, role: "VIEWER" },
  { href: paths.keys, label: "API keys", icon: IconKey, role: "VIEWER" },
  { href: paths.holders, label: "Holders", icon: IconUsers, role: "VIEWER" },
  { href: paths.services, label: "Services", icon: IconServer2, role: "VIEWER" },
  { href: paths.offboarding, label: "Offboarding", icon: IconLogout2, role: "OPERATOR" },
  { href: paths.import, label: "Import", icon: IconFileImport, role: "OPERATOR" },
  { href: paths.audit, label: "Audit log", icon: IconClipboardList, role: "VIEWER" },
  { href: paths.outbox, label: "Outbox", icon: IconMail, role: "VIEWER" },
  { href: paths.webhooks, label: "Webhooks", icon: IconWebhook, role: "ADMIN" },
  { href: paths.tokens, label: "Access tokens", icon: IconShieldLock, role: "VIEWER" },
  { href: paths.explorer, label: "API explorer", icon: IconApi, role: "VIEWER" },
];
