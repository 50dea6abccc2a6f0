import { Button } from "@mantine/core";
import { IconLogin2 } from "@tabler/icons-react";
import { identityProviderHref } from "./sign-in-errors.js";

/**
 * "Sign in with <provider>": a plain link to the API's sign-in route, which sends the browser to
 * the provider and, once signed in, back to the page the person was on.
 */
export function IdentityProviderButton({ name, signInPath }: { name: string; signInPath: string }) {
  return (
    <Button
      component="a"
      href={identityProviderHref(signInPath)}
      variant="filled"
      leftSection={<IconLogin2 size={18} aria-hidden />}
      fullWidth
    >
      Sign in with {name}
    </Button>
  );
}
