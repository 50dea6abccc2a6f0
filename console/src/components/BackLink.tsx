import { Anchor } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link } from "wouter";

/** The way back from a detail screen to its list ("← Holders"). */
export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <Anchor component={Link} href={href} size="sm" mb="xs" display="inline-flex" style={{ alignItems: "center" }}>
      <IconArrowLeft size={14} aria-hidden style={{ marginRight: 4 }} />
      {children}
    </Anchor>
  );
}
