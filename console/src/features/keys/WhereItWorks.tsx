import { Anchor, List, Text } from "@mantine/core";
import { Link } from "wouter";
import { formatDate } from "../../components/format.js";
import { Section } from "../../components/Section.js";
import { urls } from "../../urls.js";
import type { KeyDetail } from "./key.graphql.js";

/** The services the key works on today (the two-hop rule), or why it works nowhere. */
export function WhereItWorks({ apiKey: key }: { apiKey: KeyDetail }) {
  return (
    <Section plain title="Where it works">
      {key.worksOn.length > 0 ? (
        <>
          <Text size="sm" c="dimmed">
            {key.worksOn.length === 1 ? "One service accepts" : `${key.worksOn.length} services accept`} this key today,
            because {key.holder.email} is a Billing collaborator there.
          </Text>
          <List aria-label="Services this key works on" spacing={4}>
            {key.worksOn.map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} href={urls.service(s.id)} size="sm" fw={500}>
                  {s.slug}
                </Anchor>{" "}
                <Text span size="sm" c="dimmed">
                  {s.name}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">{whyNowhere(key)}</Text>
      )}
    </Section>
  );
}

/** In the words the diagnosis uses for one service, said of all of them. */
export function whyNowhere(key: KeyDetail): string {
  if (key.status === "REVOKED") {
    const when = key.revokedAt ? ` on ${formatDate(key.revokedAt)}` : "";
    const why = key.revokedReason ? `: ${key.revokedReason}` : "";
    return `It works nowhere. The key was revoked${when}${why}. A revoked key cannot be restored; issue a new one if it is still needed.`;
  }
  if (key.status === "EXPIRED") {
    const when = key.expiresAt ? ` on ${formatDate(key.expiresAt)}` : "";
    return `It works nowhere. The key expired${when}. Extend its expiry (Edit), or issue a new key.`;
  }
  return `It works nowhere. The key is active, but its holder ${key.holder.email} is not a Billing collaborator on any service, and a key works on a service only while its holder is one there. Diagnose it against a service below to see what would fix it.`;
}
