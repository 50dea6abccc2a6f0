import { Center, Loader, Paper, Stack, Text } from "@mantine/core";
import { useQuery } from "urql";
import { QueryError } from "../../components/QueryState.js";
import { ReassignmentPreviewQuery } from "./key.graphql.js";

interface Props {
  keyId: string;
  toHolderId: string;
  keepAccess: boolean;
}

const list = (slugs: readonly string[]) => (slugs.length ? slugs.join(", ") : "no service");

/**
 * What moving the key would do, asked of the API without changing anything: where it works
 * before and after, what it would gain or lose, and which Billing roles the new holder would get.
 */
export function ReassignPreview({ keyId, toHolderId, keepAccess }: Props) {
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
            Works on now: <b>{list(move.servicesBefore)}</b>
          </Text>
          <Text size="sm">
            After the move: <b>{list(move.servicesAfter)}</b>
          </Text>
          {move.lost.length > 0 && (
            <Text size="sm" c="red" fw={500} data-testid="preview-lost">
              Would stop working on: {move.lost.join(", ")}. Anything using the key there breaks.
            </Text>
          )}
          {move.gained.length > 0 && (
            <Text size="sm" c="orange" data-testid="preview-gained">
              Would start working on: {move.gained.join(", ")}, because {preview.toHolderEmail} is a Billing
              collaborator there.
            </Text>
          )}
          {preview.billingAdded.length > 0 && (
            <Text size="sm">
              {preview.toHolderEmail} would be made a Billing collaborator on: {preview.billingAdded.join(", ")}.
            </Text>
          )}
          {move.lost.length === 0 && move.gained.length === 0 && (
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
