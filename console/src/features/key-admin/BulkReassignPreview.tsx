import { Alert, Center, List, Loader, Paper, Stack, Text } from "@mantine/core";
import { type CombinedError, useQuery } from "urql";
import { plural } from "../../components/plural.js";
import { QueryError } from "../../components/QueryState.js";
import type { SelectedKey } from "./BulkRevokeDialog.js";
import { BulkReassignmentPreviewQuery } from "./key-admin.graphql.js";
import { BillingAddedText, WideningConsent } from "./reassign-preview-parts.js";

/** The refusals the move itself would answer, said of the selected key they concern. */
const REFUSALS = new Set(["KEY_REVOKED", "SAME_HOLDER", "USER_DEPARTED", "HOLDER_NOT_FOUND", "KEY_NOT_FOUND"]);

/**
 * A refusal of the move in words naming the key (the API names it by id): the same words for the
 * preview and for the move, so what the preview says is what the move would answer.
 */
export function refusalText(code: string, message: string, keys: readonly SelectedKey[]): string {
  const key = keys.find((k) => message.includes(k.id));
  const named = key ? `${key.name} (${key.prefix}…)` : "One of the keys";
  if (code === "KEY_REVOKED") return `${named} is revoked and cannot change hands: unselect it.`;
  if (code === "SAME_HOLDER") return `${named} is already held by this holder: unselect it or choose another.`;
  if (code === "KEY_NOT_FOUND") return `${named} no longer exists: unselect it.`;
  return message;
}

interface Props {
  keys: readonly SelectedKey[];
  toHolderId: string;
  keepAccess: boolean;
  allowWider: boolean;
  onAllowWiderChange: (allowed: boolean) => void;
}

const SHOWN = 10;

/**
 * What moving the selected keys would do, asked of the API without changing anything (the same
 * preview as for one key): which would stop or start working where, the Billing roles the new
 * holder would get, and every key that would work on more services, which needs an explicit yes.
 */
export function BulkReassignPreview({ keys, toHolderId, keepAccess, allowWider, onAllowWiderChange }: Props) {
  const [result, refetch] = useQuery({
    query: BulkReassignmentPreviewQuery,
    variables: { ids: keys.map((k) => k.id), toHolderId, keepAccess },
    requestPolicy: "network-only",
  });
  const preview = result.data?.reassignmentPreview;
  const losing = preview?.keys.filter((k) => k.lost.length) ?? [];
  const gaining = preview?.keys.filter((k) => k.gained.length) ?? [];
  return (
    <Paper withBorder p="sm" aria-live="polite" aria-busy={result.fetching}>
      <Text size="sm" fw={600} mb="xs">
        What the move would do
      </Text>
      {result.error && !preview && refusalOf(result.error) ? (
        <Alert color="red" title="The move would be refused" role="alert" data-testid="bulk-preview-refused">
          {(() => {
            const refusal = refusalOf(result.error) as { code: string; message: string };
            return refusalText(refusal.code, refusal.message, keys);
          })()}
        </Alert>
      ) : result.error && !preview ? (
        <QueryError error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
      ) : !preview ? (
        <Center py="xs">
          <Loader size="xs" aria-label="Working out the preview" />
        </Center>
      ) : (
        <Stack gap={6}>
          {losing.length > 0 && (
            <Text size="sm" c="red" fw={500} data-testid="bulk-preview-lost">
              {plural(losing.length, "key")} would stop working somewhere:{" "}
              {losing.map((k) => `${k.name} (${k.lost.map((s) => s.slug).join(", ")})`).join("; ")}.
            </Text>
          )}
          <BillingAddedText toHolderEmail={preview.toHolderEmail} services={preview.billingAdded} />
          {preview.widens && (
            <WideningConsent
              testId="bulk-preview-widening"
              description="Without this the move is refused: pick another holder."
              allowWider={allowWider}
              onAllowWiderChange={onAllowWiderChange}
            >
              {[...gaining, ...preview.otherKeysGaining].slice(0, SHOWN).map((k) => (
                <List.Item key={k.keyId}>
                  <b>{k.name}</b> ({k.prefix}…): also on <b>{k.gained.map((s) => s.slug).join(", ")}</b>
                </List.Item>
              ))}
              {gaining.length + preview.otherKeysGaining.length > SHOWN && (
                <List.Item>
                  and {plural(gaining.length + preview.otherKeysGaining.length - SHOWN, "more key")}
                </List.Item>
              )}
            </WideningConsent>
          )}
          {losing.length === 0 && !preview.widens && (
            <Text size="sm" c="teal">
              {plural(preview.keys.length, "key")} would keep working on exactly the same services.
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

/** The API's refusal of the move (a stable code it would answer the move with too), if that is the error. */
function refusalOf(error: CombinedError): { code: string; message: string } | null {
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  return first && typeof code === "string" && REFUSALS.has(code) ? { code, message: first.message } : null;
}
