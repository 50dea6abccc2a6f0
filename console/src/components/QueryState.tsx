import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { CombinedError, OperationContext } from "urql";

interface Props {
  fetching: boolean;
  error?: CombinedError;
  /** Whether data has arrived (an empty list counts as arrived). */
  hasData: boolean;
  /** Shown instead of children when the data arrived but holds nothing. */
  empty?: ReactNode | false;
  /** A way out of the empty state, e.g. a "Clear filters" button. */
  emptyAction?: ReactNode;
  retry?: () => void;
  children: ReactNode;
}

/**
 * A query's `fetching`, `error` and a `retry` that asks the server again, for `QueryState`:
 * `<QueryState {...queryProps(result, refetch)} hasData={…}>`.
 */
export function queryProps(
  result: { fetching: boolean; error?: CombinedError },
  refetch: (context: Partial<OperationContext>) => void,
) {
  return {
    fetching: result.fetching,
    error: result.error,
    retry: () => refetch({ requestPolicy: "network-only" }),
  };
}

/** The loading, error and empty states every screen needs, in one place. */
export function QueryState({ fetching, error, hasData, empty, emptyAction, retry, children }: Props) {
  if (error && !hasData) return <QueryError error={error} retry={retry} />;
  if (!hasData) {
    return (
      <Center py="xl" aria-busy="true">
        <Loader size="sm" aria-label="Loading" />
      </Center>
    );
  }
  return (
    <>
      {error && <QueryError error={error} retry={retry} />}
      {empty ? <EmptyState action={emptyAction}>{empty}</EmptyState> : children}
      {fetching && (
        <Text size="xs" c="dimmed" aria-live="polite">
          Refreshing…
        </Text>
      )}
    </>
  );
}

export function QueryError({ error, retry }: { error: CombinedError; retry?: () => void }) {
  const message =
    error.graphQLErrors[0]?.message ?? (error.networkError ? "Keyholder could not be reached." : error.message);
  const requestId = error.graphQLErrors[0]?.extensions?.requestId;
  return (
    <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="Something went wrong" role="alert" my="sm">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {typeof requestId === "string" && (
          <Text size="xs" c="dimmed">
            Request id: {requestId}
          </Text>
        )}
        {retry && (
          <Button size="xs" variant="light" color="red" onClick={retry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4}>
        <IconInbox size={28} aria-hidden color="var(--mantine-color-dimmed)" />
        <Text c="dimmed" size="sm" ta="center">
          {children}
        </Text>
        {action}
      </Stack>
    </Center>
  );
}
