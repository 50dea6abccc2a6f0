import type { AccessTokenFields, ResultOf } from "@keyholder/graphql";
import { Badge, Button, Table, Text } from "@mantine/core";
import { KeyStatusBadge } from "../../components/badges.js";
import { ColumnHeads } from "../../components/ColumnHeads.js";
import { enumParam } from "../../components/url-state.js";
import { When } from "../../components/When.js";
import { ROLE_NAME } from "../auth/roles.js";

export type AccessToken = ResultOf<typeof AccessTokenFields>;

const STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;

interface Props {
  tokens: readonly AccessToken[];
  showOwner: boolean;
  onRevoke: (token: AccessToken) => void;
}

/** Access tokens with what each may do and when it was last used; live ones can be revoked. */
export function TokensTable({ tokens, showOwner, onRevoke }: Props) {
  return (
    <Table.ScrollContainer minWidth={showOwner ? 1000 : 860}>
      <Table striped verticalSpacing="xs" aria-label="Access tokens">
        <ColumnHeads
          columns={[
            "Name",
            "Prefix",
            "Role",
            showOwner && "Owner",
            "Status",
            "Created",
            "Expires",
            "Last used",
            "Actions",
          ]}
        />
        <Table.Tbody>
          {tokens.map((token) => {
            const status = enumParam(token.status, STATUSES);
            return (
              <Table.Tr key={token.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {token.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {token.prefix}…
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="default">{ROLE_NAME[token.role]}</Badge>
                </Table.Td>
                {showOwner && (
                  <Table.Td>
                    <Text size="sm">{token.owner.email}</Text>
                  </Table.Td>
                )}
                <Table.Td>{status ? <KeyStatusBadge status={status} /> : token.status.toLowerCase()}</Table.Td>
                <Table.Td>
                  <When at={token.createdAt} />
                </Table.Td>
                <Table.Td>
                  {token.status === "REVOKED" ? (
                    <Text size="sm">
                      revoked <When at={token.revokedAt} />
                    </Text>
                  ) : (
                    <When at={token.expiresAt} />
                  )}
                </Table.Td>
                <Table.Td>
                  <When at={token.lastUsedAt} never="never" />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="default"
                    disabled={token.status !== "ACTIVE"}
                    onClick={() => onRevoke(token)}
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
