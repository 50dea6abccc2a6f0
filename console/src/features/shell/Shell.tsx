import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconKey, IconLogout } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useSession } from "../auth/session.js";
import { NAV } from "./nav.js";

/** Header with the signed-in account and role, navigation by role, and the page. */
export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { viewer, can, signOut } = useSession();
  const [location] = useLocation();
  const active = (href: string) =>
    href === "/" ? location === "/" : location === href || location.startsWith(`${href}/`);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} href="/" underline="never" c="inherit">
              <Group gap={6} wrap="nowrap">
                <IconKey size={22} aria-hidden />
                <Text fw={700}>Keyholder</Text>
              </Group>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={viewer.user.name}>
              <Text size="sm" truncate maw={240} data-testid="account-email">
                {viewer.user.email}
              </Text>
            </Tooltip>
            <Badge variant="light" data-testid="account-role" aria-label={`Role: ${viewer.role}`}>
              {viewer.role}
            </Badge>
            <Button variant="subtle" size="xs" leftSection={<IconLogout size={14} aria-hidden />} onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.filter((item) => can(item.role)).map((item) => (
          <NavLink
            key={item.href}
            component={Link}
            href={item.href}
            label={item.label}
            leftSection={<item.icon size={18} aria-hidden />}
            active={active(item.href)}
            aria-current={active(item.href) ? "page" : undefined}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
