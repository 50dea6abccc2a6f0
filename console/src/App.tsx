import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { SignInPage } from "./features/auth/SignInPage.js";
import { SessionProvider } from "./features/auth/session.js";
import { Shell } from "./features/shell/Shell.js";
import { Routes } from "./routes.js";
import { cssVariablesResolver, theme } from "./theme.js";

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <SessionProvider signIn={(done, notice) => <SignInPage onSignedIn={done} notice={notice} />}>
        <Shell>
          <Routes />
        </Shell>
      </SessionProvider>
    </MantineProvider>
  );
}
