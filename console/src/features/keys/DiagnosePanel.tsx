import type { ResultOf } from "@keyholder/graphql";
import { Alert, Anchor, Center, List, Loader, Stack, Text } from "@mantine/core";
import { IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { useQuery } from "urql";
import { Link } from "wouter";
import { QueryError } from "../../components/QueryState.js";
import { Section } from "../../components/Section.js";
import { ServicePicker } from "../../components/ServicePicker.js";
import { useUrlState } from "../../components/url-state.js";
import { urls } from "../../urls.js";
import { DiagnoseKeyQuery } from "./key.graphql.js";

type Diagnosis = ResultOf<typeof DiagnoseKeyQuery>["diagnoseApiKey"];

const REASONS: Record<Diagnosis["reason"], string> = {
  VALID: "it works",
  REVOKED: "the key is revoked",
  SUSPENDED: "the key is suspended",
  EXPIRED: "the key has expired",
  HOLDER_NOT_BILLING_COLLABORATOR: "the holder is not a Billing collaborator on this service",
  SERVICE_NOT_FOUND: "there is no such service",
  SERVICE_ARCHIVED: "the service is archived",
  NOT_FOUND: "the key is unknown",
  MALFORMED: "the secret is malformed",
  WRONG_ENVIRONMENT: "the key is for the other environment",
};

/**
 * "Does this key work on service S, and if not, why?" The service is kept in the URL
 * (`diagnose=<slug>`) so a diagnosis can be sent to whoever has to fix it.
 */
export function DiagnosePanel({ keyId }: { keyId: string }) {
  const { get, set } = useUrlState();
  const slug = get("diagnose")?.trim().toLowerCase() || undefined;
  const [result, refetch] = useQuery({
    query: DiagnoseKeyQuery,
    variables: { keyId, service: slug ?? "" },
    pause: !slug,
  });
  const service = result.data?.serviceBySlug;
  const diagnosis = result.data?.diagnoseApiKey;
  const unknown = result.error?.graphQLErrors.some((e) => e.extensions?.code === "SERVICE_NOT_FOUND");
  return (
    <Section
      plain
      title="Diagnosis"
      description="Pick any service to see whether this key works there, why, and what would fix it."
    >
      <ServicePicker
        label="Service to diagnose"
        maw={360}
        value={slug ? { id: service?.id ?? `slug:${slug}`, slug } : null}
        onChange={(picked) => set({ diagnose: picked?.slug }, { replace: true })}
      />
      {slug &&
        result.error &&
        !diagnosis &&
        (unknown ? (
          <Alert color="orange" role="alert" title="No such service">
            No service has the slug “{slug}”. Pick one from the list.
          </Alert>
        ) : (
          <QueryError error={result.error} retry={() => refetch({ requestPolicy: "network-only" })} />
        ))}
      {slug && !result.error && !diagnosis && (
        <Center py="sm" aria-busy="true">
          <Loader size="sm" aria-label="Diagnosing" />
        </Center>
      )}
      {slug && diagnosis && (
        <Alert
          color={diagnosis.works ? "teal" : "red"}
          icon={diagnosis.works ? <IconCircleCheck aria-hidden /> : <IconCircleX aria-hidden />}
          title={
            <>
              {diagnosis.works ? "Works on " : "Does not work on "}
              {service ? (
                <Anchor component={Link} href={urls.service(service.id)} inherit underline="always">
                  {service.slug}
                </Anchor>
              ) : (
                slug
              )}
            </>
          }
          aria-live="polite"
        >
          <Stack gap="xs">
            <Text size="sm">Reason: {REASONS[diagnosis.reason]}</Text>
            <Text size="sm">{diagnosis.explanation}</Text>
            {diagnosis.fixes.length > 0 && (
              <>
                <Text size="sm" fw={600}>
                  What would fix it
                </Text>
                <List size="sm" aria-label="What would fix it">
                  {diagnosis.fixes.map((fix) => (
                    <List.Item key={fix}>{fix}</List.Item>
                  ))}
                </List>
              </>
            )}
          </Stack>
        </Alert>
      )}
    </Section>
  );
}
