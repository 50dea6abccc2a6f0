import { Alert, Anchor, Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus, IconUserOff } from "@tabler/icons-react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { Pager } from "../../components/Pager.js";
import { useCursorPage } from "../../components/pagination.js";
import { QueryState, queryProps } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { urls } from "../../urls.js";
import { Can } from "../auth/Can.js";
import { CreateKeyDialog } from "../keys/CreateKeyDialog.js";
import { KeysTable } from "../keys/KeysTable.js";
import { HolderKeysQuery } from "./holder.graphql.js";
import type { HolderDetail } from "./types.js";

const PAGE_SIZE = 20;

// A first key must appear even when the list was empty (and so carried no ApiKey typename).
const CONTEXT = { additionalTypenames: ["ApiKey"] };

/** The keys the holder holds, paginated under its own URL parameter (`keysPage`). */
export function HolderKeysSection({ holder }: { holder: HolderDetail }) {
  const page = useCursorPage(PAGE_SIZE, "keysPage");
  const [result, refetch] = useQuery({
    query: HolderKeysQuery,
    variables: { id: holder.id, first: page.first, after: page.after },
    context: CONTEXT,
  });
  const [creating, create] = useDisclosure(false);
  const connection = result.data?.holder?.keys;
  const keys = connection?.nodes ?? [];
  const departed = holder.__typename === "User" && holder.status === "DEPARTED";
  return (
    <Section
      title="Keys"
      description={
        holder.kind === "USER"
          ? "Keys held by a person keep working after they leave; a group email is the safer holder."
          : "A key works on a service while this group email is a Billing collaborator there."
      }
      actions={
        !departed && (
          <Can atLeast="OPERATOR">
            <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={create.open}>
              New key
            </Button>
          </Can>
        )
      }
    >
      {departed && (connection?.totalCount ?? 0) > 0 && (
        <Can atLeast="OPERATOR">
          <Alert color="orange" icon={<IconUserOff aria-hidden />} mb="sm">
            {holder.email} has departed but still holds {connection?.totalCount}{" "}
            {connection?.totalCount === 1 ? "key" : "keys"}: offboarding hands them over and ends whatever else is left.{" "}
            <Anchor component={Link} href={urls.offboarding(holder.id)} size="sm" fw={500}>
              Finish offboarding…
            </Anchor>
          </Alert>
        </Can>
      )}
      <QueryState
        {...queryProps(result, refetch)}
        hasData={connection !== undefined}
        empty={keys.length === 0 && page.index === 0 && "Holds no keys."}
      >
        <KeysTable keys={keys} label={`Keys held by ${holder.email}`} hide={["holder"]} />
        <Pager page={page} connection={connection} shown={keys.length} noun="key" />
      </QueryState>
      {!departed && (
        <CreateKeyDialog
          opened={creating}
          onClose={create.close}
          holder={{ id: holder.id, email: holder.email, kind: holder.kind }}
        />
      )}
    </Section>
  );
}
