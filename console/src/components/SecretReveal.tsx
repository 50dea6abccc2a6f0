import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy, IconEyeOff } from "@tabler/icons-react";

/**
 * A secret shown the one time the API returns it: with a copy button and a plain warning, because
 * Keyholder keeps only its hash.
 */
export function SecretReveal({
  secret,
  label = "Secret",
  onCopied,
  kept = "Copy it now and store it where it will be used. Keyholder keeps only a hash of it.",
}: {
  secret: string;
  label?: string;
  /** What Keyholder keeps of the secret, said under the warning. */
  kept?: string;
  /** Told when the secret was copied, by the button or from the selected text. */
  onCopied?: () => void;
}) {
  return (
    <Stack gap="xs">
      <Alert color="yellow" icon={<IconEyeOff aria-hidden />} title="You will not see this again">
        {kept}
      </Alert>
      <Text size="sm" fw={500} id="secret-label">
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code
          block
          // Wrapped, not scrolled: a phone shows the whole secret, and there is no scroll area to reach.
          style={{ flex: 1, wordBreak: "break-all", whiteSpace: "pre-wrap" }}
          aria-labelledby="secret-label"
          data-testid="secret"
          onCopy={onCopied}
        >
          {secret}
        </Code>
        <CopyButton value={secret} timeout={3000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? "Copied" : "Copy"} withArrow>
              <ActionIcon
                variant={copied ? "filled" : "light"}
                color={copied ? "teal" : undefined}
                size="lg"
                onClick={() => {
                  copy();
                  onCopied?.();
                }}
                aria-label={copied ? "Copied" : `Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
