import { type ResultOf, readFragment } from "@keyholder/graphql";
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import { Provider as UrqlProvider } from "urql";
import { createConsoleClient } from "../../client.js";
import { MeQuery, SignOutMutation, ViewerFields } from "./auth.graphql.js";
import { roleAllows } from "./roles.js";

export type Viewer = ResultOf<typeof ViewerFields>;

export interface Session {
  viewer: Viewer;
  /** True when the signed-in role includes `role`; the API enforces the same rule. */
  can(role: Viewer["role"]): boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

type State =
  | { status: "loading" }
  | { status: "signed-out"; notice?: string }
  | { status: "signed-in"; viewer: Viewer };

/**
 * Holds who is signed in. Everything below it gets a GraphQL client bound to this session; signing
 * in or out replaces the client, so nothing cached for one account is shown to the next.
 */
export function SessionProvider({
  signIn,
  children,
}: {
  signIn: (done: (v: Viewer) => void, notice?: string) => ReactNode;
  children: ReactNode;
}) {
  const [state, setState] = useState<State>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const client = useMemo(
    () =>
      createConsoleClient(() =>
        setState((s) =>
          s.status === "signed-in" ? { status: "signed-out", notice: "Your session has ended. Sign in again." } : s,
        ),
      ),
    // A new client per session generation: a fresh cache for each account.
    [generation],
  );

  useEffect(() => {
    if (state.status !== "loading") return;
    let live = true;
    client
      .query(MeQuery, {}, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (!live) return;
        const me = result.data?.me;
        setState(me ? { status: "signed-in", viewer: readFragment(ViewerFields, me) } : { status: "signed-out" });
      });
    return () => {
      live = false;
    };
  }, [client, state.status]);

  const signOut = useCallback(async () => {
    await client.mutation(SignOutMutation, {}).toPromise();
    setGeneration((g) => g + 1);
    setState({ status: "signed-out", notice: "You have signed out." });
  }, [client]);

  if (state.status === "loading") return null;
  if (state.status === "signed-out") {
    return (
      <UrqlProvider value={client}>
        {signIn((viewer) => {
          setGeneration((g) => g + 1);
          setState({ status: "signed-in", viewer });
        }, state.notice)}
      </UrqlProvider>
    );
  }
  const viewer = state.viewer;
  const session: Session = { viewer, can: (role) => roleAllows(viewer.role, role), signOut };
  return (
    <SessionContext value={session}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext>
  );
}

/** The signed-in account; only for components rendered inside the signed-in console. */
export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in console");
  return session;
}
