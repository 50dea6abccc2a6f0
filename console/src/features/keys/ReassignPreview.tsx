import { Center, List, Loader, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "urql";
import { QueryError } from "../../components/QueryState.js";
import { BillingAddedText, WideningConsent } from "../key-admin/reassign-preview-parts.js";
import { ReassignmentPreviewQuery } from "./key.graphql.js";

interface Props {
  keyId: string;
  keyName: string;
  toHolderId: string;
  keepAccess: boolean;
  /** The operator's explicit yes to the keys listed as gaining services. */
  allowWider: boolean;
  onAllowWiderChange: (allowed: boolean) => void;
}

const SHOWN = 20;

const list = (slugs: readonly string[]) => (slugs.length ? slugs.join(", ") : "no service");

/**
 * What moving the key would do, asked of the API without changing anything: where it works
 * before and after, what it would gain or lose, and which Billing roles the new holder would get.
 * When some key would work on more services (this one, or one the new holder already has), it
 * lists each with what it gains and asks for an explicit yes before the move may widen access.
 */
export function ReassignPreview({ keyId, keyName, toHolderId, keepAccess, allowWider, onAllowWiderChange }: Props) {
  const [result, refetch] = useQuery({
    query: ReassignmentPreviewQuery,
    variables: { ids: [keyId], toHolderId, keepAccess },
    requestPolicy: "network-only",
  });
  const preview = result.data?.reassignmentPreview;
  const move = preview?.keys.find((k) => k.keyId === keyId);
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-busy={result.fetching}>
      <Text size="sm" fw={600} mb="xs">
        What the move would do
      </Text>
      {result.error && !preview ? (
        <QueryError error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !preview || !move ? (
        <Center py="xs">
          <Loader size="xs" aria-label="Working out the preview" />
        </Center>
      ) : (
        <Stack gap={6}>
          <Text size="sm">
            Works on now: <b>{list(move.servicesBefore.map((s) => s.slug))}</b>
          </Text>
          <Text size="sm">
            After the move: <b>{list(move.servicesAfter.map((s) => s.slug))}</b>
          </Text>
          {move.lost.length > 0 && (
            <Text size="sm" c="red" fw={500} data-testid="preview-lost">
              Would stop working on: {move.lost.map((s) => s.slug).join(", ")}. Anything using the key there breaks.
            </Text>
          )}
          {move.gained.length > 0 && (
            <Text size="sm" c="orange" data-testid="preview-gained">
              Would start working on: {move.gained.map((s) => s.slug).join(", ")}, because {preview.toHolderEmail} is a
              Billing collaborator there.
            </Text>
          )}
          <BillingAddedText toHolderEmail={preview.toHolderEmail} services={preview.billingAdded} />
          {preview.widens && (
            <WideningConsent
              testId="preview-widening"
              description={
                // Turning off Keep access adds no Billing role, so it helps only when nothing but the
                // new holder's own keys would gain; a key gaining through existing roles still would.
                move.gained.length
                  ? "Without this the move is refused: pick another holder."
                  : "Without this the move is refused: pick another holder, or turn off Keep access."
              }
              allowWider={allowWider}
              onAllowWiderChange={onAllowWiderChange}
            >
              {move.gained.length > 0 && (
                <List.Item>
                  <b>{keyName}</b> (this key): also on <b>{move.gained.map((s) => s.slug).join(", ")}</b>
                </List.Item>
              )}
              {preview.otherKeysGaining.slice(0, SHOWN).map((k) => (
                <List.Item key={k.keyId}>
                  <b>{k.name}</b> ({k.prefix}…), already held by {preview.toHolderEmail}: also on{" "}
                  <b>{k.gained.map((s) => s.slug).join(", ")}</b>
                </List.Item>
              ))}
              {preview.otherKeysGaining.length > SHOWN && (
                <List.Item>and {preview.otherKeysGaining.length - SHOWN} more keys</List.Item>
              )}
            </WideningConsent>
          )}
          {move.lost.length === 0 && move.gained.length === 0 && !preview.widens && (
            <Text size="sm" c="teal">
              {move.servicesBefore.length
                ? "It keeps working on exactly the same services."
                : "It works nowhere now, and would still work nowhere."}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
