import { AccessTokenFields, RevokeAccessTokenMutation, readFragment } from "@keyholder/graphql";
import { Anchor, Button, Code, Group, Switch, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { notify } from "../../components/notify.js";
import { PageHeader } from "../../components/PageHeader.js";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState } from "../../components/QueryState.js";
import { useUrlState } from "../../components/url-state.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { useSession } from "../auth/session.js";
import { CreateTokenDialog } from "./CreateTokenDialog.js";
import { type AccessToken, TokensTable } from "./TokensTable.js";
import { AccessTokensQuery } from "./tokens.graphql.js";

const PAGE_SIZE = 50;

/** Personal access tokens: the signed-in user's own, or (for an ADMIN who asks) everyone's. */
export default function TokensPage() {
  const { can } = useSession();
  const { get, set } = useUrlState();
  const all = can("ADMIN") && get("all") === "true";
  // An empty list carries no typename, so creating the first token would not refresh it otherwise.
  const context = useMemo(() => ({ additionalTypenames: ["AccessToken"] }), []);
  const page = useCursorPage(PAGE_SIZE);
  const [result, refetch] = useQuery({
    query: AccessTokensQuery,
    variables: { all: all || undefined, first: page.first, after: page.after },
    context,
  });
  const connection = result.data?.accessTokens;
  const tokens = (connection?.nodes ?? []).map((t) => readFragment(AccessTokenFields, t));
  const [creating, create] = useDisclosure(false);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const { run: revoke } = usePayloadMutation(RevokeAccessTokenMutation, "revokeAccessToken", "accessToken");

  const confirmRevoke = async () => {
    if (!revoking) return false;
    const { payload } = await revoke({ id: revoking.id }, { failureNotice: "The token was not revoked" });
    if (payload) notify(`Access token “${revoking.name}” revoked.`);
    return payload !== null;
  };

  return (
    <>
      <PageHeader
        title="Access tokens"
        description="Personal tokens let scripts call the API as you, never with more than their role or yours."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={create.open}>
            New token
          </Button>
        }
      />
      <Group justify="space-between" align="flex-start" mb="sm" gap="md">
        <Text size="sm" maw={720}>
          Send one as <Code>Authorization: Bearer khp_…</Code>. Try queries first in the{" "}
          <Anchor component={Link} href={urls.explorer()} underline="always">
            API explorer
          </Anchor>
          ; the integrators' guide (<Code>docs/api-guide.md</Code>) has examples for each task.
        </Text>
        <Can atLeast="ADMIN">
          <Switch
            label="Everyone's tokens"
            checked={all}
            onChange={(e) => set({ all: e.currentTarget.checked, page: null }, { replace: true })}
          />
        </Can>
      </Group>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        hasData={result.data !== undefined}
        retry={() => refetch({ requestPolicy: "network-only" })}
        empty={
          tokens.length === 0 &&
          page.index === 0 &&
          (all
            ? "Nobody has an access token."
            : "You have no access tokens. Create one for each script that needs one.")
        }
      >
        <TokensTable tokens={tokens} showOwner={all} onRevoke={setRevoking} />
        <Pager page={page} connection={connection} shown={tokens.length} noun="access token" />
        <Text size="xs" c="dimmed" mt="xs">
          Newest first; revoked and expired tokens stay listed for the record.
        </Text>
      </QueryState>
      <CreateTokenDialog opened={creating} onClose={create.close} />
      <ConfirmDialog
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke this access token?"
        confirmLabel="Revoke token"
        danger
        onConfirm={confirmRevoke}
      >
        {revoking && (
          <Text size="sm">
            <b>{revoking.name}</b> (<Code>{revoking.prefix}…</Code>){all && `, owned by ${revoking.owner.email},`} stops
            working at once: anything still using it is refused from its next request. This cannot be undone; a new
            token would have a new secret.
          </Text>
        )}
      </ConfirmDialog>
    </>
  );
}
