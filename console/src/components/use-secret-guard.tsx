import { Alert, Button, Group } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type ReactNode, useEffect, useRef, useState } from "react";

export interface SecretGuard {
  /** Wraps a way out of the dialog: it runs at once once the secret was copied, and asks first otherwise. */
  guard: (leave: () => void) => () => void;
  /** Call when the secret was copied (the copy button, or a copy from the selected text). */
  markCopied: () => void;
  /** The question, while one is asked; render it in place of the dialog's buttons. */
  prompt: ReactNode;
  /** The dialog's buttons once the secret is shown: the question while asked, else Done, which leaves through the guard. */
  done: (leave: () => void) => ReactNode;
}

/**
 * Keeps a secret shown once from being lost by accident: Esc, the close button, a click beside
 * the dialog or its own buttons ask "Close anyway?" until the secret has been copied, as
 * Stripe's key dialogs do.
 */
export function useSecretGuard(secretShown: boolean): SecretGuard {
  const [copied, setCopied] = useState(false);
  const [pending, setPending] = useState<(() => void) | null>(null);

  // A new secret (or none) starts uncopied.
  useEffect(() => {
    if (!secretShown) {
      setCopied(false);
      setPending(null);
    }
  }, [secretShown]);

  const guard = (leave: () => void) => () => {
    if (secretShown && !copied) {
      setPending(() => leave);
      return;
    }
    setPending(null);
    leave();
  };

  const prompt = pending ? (
    <UncopiedSecretPrompt
      onStay={() => setPending(null)}
      onLeave={() => {
        setPending(null);
        pending();
      }}
    />
  ) : null;

  const done = (leave: () => void) =>
    prompt ?? (
      <Group justify="flex-end">
        <Button onClick={guard(leave)}>Done</Button>
      </Group>
    );

  return { guard, markCopied: () => setCopied(true), prompt, done };
}

function UncopiedSecretPrompt({ onStay, onLeave }: { onStay: () => void; onLeave: () => void }) {
  const stay = useRef<HTMLButtonElement>(null);
  // Focus moves to the question, on its safe answer, so a keyboard user hears it and an Enter keeps the secret.
  useEffect(() => stay.current?.focus(), []);
  return (
    <Alert
      color="orange"
      role="alert"
      icon={<IconAlertTriangle aria-hidden />}
      title="You have not copied the secret"
      data-testid="uncopied-secret"
    >
      Close anyway? It cannot be shown again.
      <Group justify="flex-end" mt="sm">
        <Button ref={stay} variant="default" onClick={onStay}>
          Keep it open
        </Button>
        <Button color="red" onClick={onLeave}>
          Close anyway
        </Button>
      </Group>
    </Alert>
  );
}
