import { type ImportFiles, ImportInventoryMutation, importFilesOf } from "@keyholder/graphql";
import { Alert, Button, Code, FileInput, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileImport } from "@tabler/icons-react";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog.js";
import { notify } from "../../components/notify.js";
import { PageHeader } from "../../components/PageHeader.js";
import { usePayloadMutation } from "../../components/use-payload-mutation.js";
import { useSession } from "../auth/session.js";
import { type ImportResult, ImportResults } from "./ImportResults.js";

/**
 * Import an existing inventory: pick a JSON bundle or CSV files, check them (a dry run, nothing
 * changes), look at every row's outcome, then apply — all or nothing.
 */
export default function ImportPage() {
  const { can } = useSession();
  const [files, setFiles] = useState<File[]>([]);
  const [input, setInput] = useState<ImportFiles | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { run, fetching } = usePayloadMutation(ImportInventoryMutation, "importInventory", "result");

  if (!can("OPERATOR"))
    return (
      <>
        <PageHeader title="Import" />
        <Alert color="yellow">Importing an inventory needs the OPERATOR role.</Alert>
      </>
    );

  const send = async (what: ImportFiles, apply: boolean): Promise<ImportResult | null> => {
    const { payload, errors } = await run({ input: { ...what, apply } });
    if (!payload) {
      setProblem(errors.map((e) => `${e.code}: ${e.message}`).join(" "));
      return null;
    }
    return payload.result;
  };

  const check = async () => {
    setResult(null);
    setProblem(null);
    let picked: { name: string; text: string }[];
    try {
      picked = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    } catch {
      setProblem("A chosen file could not be read (was it changed or moved?). Choose it again.");
      return;
    }
    const what = importFilesOf(picked);
    if (typeof what === "string") {
      setProblem(what);
      return;
    }
    setInput(what);
    setResult(await send(what, false));
  };

  const apply = async () => {
    if (!input) return false;
    const applied = await send(input, true);
    if (!applied) return false;
    setResult(applied);
    if (!applied.applied) {
      notifications.show({ color: "red", title: "Nothing was imported", message: "A row was refused; see below." });
      return true;
    }
    notify("Inventory imported.");
    return true;
  };

  const ready = result !== null && !result.applied && result.refused === 0 && input !== null;
  const changes = result ? result.counts.reduce((n, c) => n + c.created + c.updated, 0) : 0;

  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in today's users, group emails, services, collaborators and keys from one file. Checking changes nothing; applying writes every row or none."
      />
      <Stack gap="md" maw={1100}>
        <Text size="sm">
          A JSON bundle (<Code>inventory.json</Code>) or CSV files named after their kind (<Code>users.csv</Code>,{" "}
          <Code>group-emails.csv</Code>, <Code>services.csv</Code>, <Code>collaborators.csv</Code>,{" "}
          <Code>keys.csv</Code>); the formats are in <Code>docs/import.md</Code>.
        </Text>
        <Group align="flex-end">
          <FileInput
            label="Inventory file(s)"
            multiple
            accept=".json,.csv,application/json,text/csv"
            value={files}
            onChange={(picked) => {
              setFiles(picked);
              setResult(null);
              setInput(null);
              setProblem(null);
            }}
            clearable
            clearButtonProps={{ "aria-label": "Clear the chosen files" }}
            w={420}
            maw="100%"
          />
          <Button onClick={check} loading={fetching && !confirming} disabled={files.length === 0}>
            Check (dry run)
          </Button>
          <Button
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => setConfirming(true)}
            disabled={!ready}
          >
            Apply
          </Button>
        </Group>
        {problem && (
          <Alert color="red" title="The file was not checked">
            {problem}
          </Alert>
        )}
        {result && (
          <Alert
            color={result.applied ? "green" : result.refused ? "red" : "blue"}
            title={
              result.applied
                ? "Imported"
                : result.refused
                  ? `${result.refused} row(s) refused: nothing can be imported until they are fixed`
                  : "Dry run: nothing changed yet"
            }
          >
            {result.applied
              ? `${changes} record(s) created or updated, audited as one import.`
              : result.refused
                ? "Fix the refused rows in the file and check it again."
                : `${changes} record(s) would be created or updated. Apply to write them, all at once.`}
          </Alert>
        )}
        {result && <ImportResults key={`${result.applied}-${result.rows.length}`} result={result} />}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Apply the import?"
        confirmLabel="Apply"
        onConfirm={apply}
      >
        <Text size="sm">
          {changes} record(s) will be created or updated in one transaction. Running the same file again changes
          nothing.
        </Text>
      </ConfirmDialog>
    </>
  );
}
