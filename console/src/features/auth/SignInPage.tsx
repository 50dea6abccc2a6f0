import { readFragment } from "@keyholder/graphql";
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconKey } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useMutation } from "urql";
import { applyServerErrors } from "../../components/form-errors.js";
import { IdentityProviderButton } from "../identity-provider/IdentityProviderButton.js";
import { forgetSignInError, signInErrorIn } from "../identity-provider/sign-in-errors.js";
import { useSignInMethods } from "../identity-provider/use-sign-in-methods.js";
import { SignInMutation, ViewerFields } from "./auth.graphql.js";
import type { Viewer } from "./session.js";

/**
 * Email and password, and "Sign in with <provider>" when the organisation's identity provider is
 * set up (password sign-in may be off); the API sets an httpOnly session cookie. Lockouts and bad
 * passwords are told apart, and so are the provider sign-in's refusals.
 */
export function SignInPage({ onSignedIn, notice }: { onSignedIn: (viewer: Viewer) => void; notice?: string }) {
  const [, signIn] = useMutation(SignInMutation);
  const methods = useSignInMethods();
  const [failure, setFailure] = useState<string | null>(() => signInErrorIn());
  useEffect(forgetSignInError, []);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : "Enter your work email address"),
      password: (v) => (v.length > 0 ? null : "Enter your password"),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const result = await signIn({ input: { email: values.email.trim(), password: values.password } });
    const payload = result.data?.signIn;
    if (!payload) {
      setFailure(result.error?.message ?? "Keyholder did not answer. Try again.");
      return;
    }
    if (payload.viewer) {
      onSignedIn(readFragment(ViewerFields, payload.viewer));
      return;
    }
    const rest = applyServerErrors(form, payload.errors);
    setFailure(rest.map((e) => e.message).join(" ") || null);
    form.setFieldValue("password", "");
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={400} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Stack gap={4} align="center">
              <IconKey size={32} aria-hidden />
              <Title order={1} size="h2">
                Keyholder
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to manage who holds which API key.
              </Text>
            </Stack>
            {notice && !failure && <Alert color="blue">{notice}</Alert>}
            {failure && (
              <Alert color="red" title="Could not sign in" role="alert">
                {failure}
              </Alert>
            )}
            {methods.identityProvider && <IdentityProviderButton {...methods.identityProvider} />}
            {methods.identityProvider && methods.password && <Divider label="or with your Keyholder password" />}
            {methods.ready && methods.password && (
              <>
                <TextInput
                  label="Email"
                  type="email"
                  autoComplete="username"
                  required
                  data-autofocus
                  {...form.getInputProps("email")}
                />
                <PasswordInput
                  label="Password"
                  autoComplete="current-password"
                  required
                  {...form.getInputProps("password")}
                />
                <Button
                  type="submit"
                  loading={form.submitting}
                  fullWidth
                  variant={methods.identityProvider ? "default" : "filled"}
                >
                  Sign in
                </Button>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
