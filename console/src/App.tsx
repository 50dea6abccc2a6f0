import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { lazy, Suspense } from "react";
import { SessionProvider } from "./features/auth/session.js";
import { Shell } from "./features/shell/Shell.js";
import { Routes } from "./routes.js";
import { cssVariablesResolver, theme } from "./theme.js";

// Its own chunk like every screen: a signed-in visit, the usual one, does not load it.
const SignInPage = lazy(() => import("./features/auth/SignInPage.js").then((m) => ({ default: m.SignInPage })));

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <SessionProvider
        signIn={(done, notice) => (
          <Suspense>
            <SignInPage onSignedIn={done} notice={notice} />
          </Suspense>
        )}
      >
        <Shell>
          <Routes />
        </Shell>
      </SessionProvider>
    </MantineProvider>
  );
}
