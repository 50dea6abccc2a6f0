import { Button, Chip, Group, Input, Popover, Select, Stack, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { formatDate } from "../../components/format.js";
import { HolderPicker, type PickedHolder } from "../../components/HolderPicker.js";
import type { useUrlState } from "../../components/url-state.js";
import { AuditActorQuery } from "./audit.graphql.js";
import {
  ACTION_OPTIONS,
  type AuditFilter,
  CATEGORIES,
  categoriesFromUrl,
  categoriesToUrl,
  SUBJECT_TYPES,
  startOfDay,
} from "./audit-filters.js";

type UrlState = Pick<ReturnType<typeof useUrlState>, "get" | "setFilter">;

const FILTER_PARAMS = ["action", "categories", "subjectType", "actor", "subject", "from", "to"] as const;

/** The audit log's filters; each one lives in the URL, and changing one goes back to the first page. */
export function AuditFilters({ get, setFilter, filter }: UrlState & { filter: AuditFilter }) {
  const urlSubject = get("subject") ?? "";
  const [subject, setSubject] = useState(urlSubject);
  // Follows the URL when it changes elsewhere (a row's "only events on this subject", Back).
  useEffect(() => setSubject((typed) => (typed.trim() === urlSubject ? typed : urlSubject)), [urlSubject]);
  const commitSubject = useDebouncedCallback((v: string) => setFilter({ subject: v.trim() }), 300);
  const any = FILTER_PARAMS.some((p) => get(p));

  return (
    <Stack mb="sm" gap="xs" role="search" aria-label="Filter the audit log">
      <Input.Wrapper
        label="Categories"
        description={
          filter.action ? "An action is chosen: it applies instead." : "Sign-ins are left out unless chosen."
        }
      >
        <Chip.Group
          multiple
          value={categoriesFromUrl(get("categories"))}
          onChange={(values) => setFilter({ categories: categoriesToUrl(values) })}
        >
          <Group gap={6} mt={4}>
            {CATEGORIES.map((c) => (
              <Chip key={c.value} value={c.value} size="xs" disabled={Boolean(filter.action)}>
                {c.label}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Input.Wrapper>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="Any action"
          searchable
          clearable
          data={ACTION_OPTIONS}
          value={filter.action ?? null}
          onChange={(v) => setFilter({ action: v })}
          w={210}
        />
        <Select
          label="Subject type"
          placeholder="Any"
          clearable
          data={SUBJECT_TYPES.map((s) => ({ ...s }))}
          value={filter.subjectType ?? null}
          onChange={(v) => setFilter({ subjectType: v })}
          w={140}
        />
        <ActorPicker actorId={filter.actorId ?? undefined} onChange={(id) => setFilter({ actor: id })} />
        <TextInput
          label="Subject"
          placeholder="Email, key name or prefix, slug, id"
          maxLength={254}
          value={subject}
          onChange={(e) => {
            setSubject(e.currentTarget.value);
            commitSubject(e.currentTarget.value);
          }}
          w={260}
        />
        <DayFilter label="From" day={get("from")} max={get("to")} onChange={(day) => setFilter({ from: day })} />
        <DayFilter
          label="To (inclusive)"
          day={get("to")}
          min={get("from")}
          onChange={(day) => setFilter({ to: day })}
        />
        {any && (
          <Button
            variant="subtle"
            onClick={() => {
              setSubject("");
              setFilter(Object.fromEntries(FILTER_PARAMS.map((p) => [p, null])));
            }}
          >
            Clear filters
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * A day filter shown as the console shows dates ("Dec 4, 2026"), picked with the browser's date
 * input in a popover; the URL keeps `2026-12-04`.
 */
function DayFilter({
  label,
  day,
  min,
  max,
  onChange,
}: {
  label: string;
  day: string | undefined;
  min?: string;
  max?: string;
  onChange: (day: string | null) => void;
}) {
  const start = startOfDay(day);
  const shown = start ? formatDate(start) : "Any day";
  return (
    <Input.Wrapper label={label} w={150}>
      <Popover position="bottom-start" withinPortal={false}>
        <Popover.Target>
          <Button variant="default" fullWidth justify="space-between" aria-label={`${label}: ${shown}`} fw={400}>
            {shown}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              label={`${label}, pick a day`}
              value={start ? (day ?? "") : ""}
              min={min}
              max={max}
              onChange={(e) => onChange(e.currentTarget.value || null)}
            />
            {start && (
              <Button variant="subtle" size="xs" onClick={() => onChange(null)}>
                Any day
              </Button>
            )}
          </Group>
        </Popover.Dropdown>
      </Popover>
    </Input.Wrapper>
  );
}

/** A user picker whose choice is kept in the URL as an id, and named again from the API on reload. */
function ActorPicker({ actorId, onChange }: { actorId: string | undefined; onChange: (id: string | null) => void }) {
  const [picked, setPicked] = useState<PickedHolder | null>(null);
  const known = picked?.id === actorId ? picked : null;
  const [{ data }] = useQuery({
    query: AuditActorQuery,
    variables: { id: actorId ?? "" },
    pause: !actorId || known !== null,
  });
  const fetched = data?.user && data.user.id === actorId ? data.user : null;
  const value = known ?? (fetched ? { id: fetched.id, email: fetched.email, kind: fetched.kind } : null);
  return (
    <HolderPicker
      // Remounted once the id is named, so the input shows the email rather than staying blank.
      key={value?.id ?? "none"}
      label="Actor"
      placeholder="Anyone"
      kind="USER"
      includeDeparted
      value={value}
      onChange={(holder) => {
        setPicked(holder);
        onChange(holder?.id ?? null);
      }}
      w={230}
    />
  );
}
