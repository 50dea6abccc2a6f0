import { Anchor, AppShell, Badge, Burger, Button, Divider, Group, NavLink, Stack, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconKey, IconLogout } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { ROLE_NAME } from "../auth/roles.js";
import { useSession } from "../auth/session.js";
import { NAV } from "./nav.js";

/**
 * Header with the signed-in account and role, navigation by role, and the page. On a phone the
 * account, role and Sign out move into the ☰ menu, where there is room for them.
 */
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
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Menu"
              aria-expanded={opened}
              aria-controls="main-menu"
            />
            <Anchor component={Link} href="/" underline="never" c="inherit">
              <Group gap={6} wrap="nowrap">
                <IconKey size={22} aria-hidden />
                <Text fw={700}>Keyholder</Text>
              </Group>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap" visibleFrom="sm">
            <Tooltip label={viewer.user.name}>
              <Text size="sm" truncate maw={240} data-testid="account-email">
                {viewer.user.email}
              </Text>
            </Tooltip>
            <Badge variant="light" data-testid="account-role" aria-label={`Role: ${ROLE_NAME[viewer.role]}`}>
              {viewer.role}
            </Badge>
            <Button variant="subtle" size="xs" leftSection={<IconLogout size={14} aria-hidden />} onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="main-menu">
        <nav aria-label="Main">
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
        </nav>
        <Stack gap="xs" hiddenFrom="sm" mt="auto" pt="sm" aria-label="Your account" role="group">
          <Divider />
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {viewer.user.email}
          </Text>
          <Group gap="xs" justify="space-between">
            <Badge variant="light" aria-label={`Role: ${ROLE_NAME[viewer.role]}`}>
              {viewer.role}
            </Badge>
            <Button variant="default" size="xs" leftSection={<IconLogout size={14} aria-hidden />} onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
