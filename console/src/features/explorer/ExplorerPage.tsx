// Monaco's editor workers, bundled and served from the console's own origin (no CDN); the dev
// server needs them excluded from pre-bundling (vite.config.ts).
import "graphiql/setup-workers/vite";
// GraphiQL's styles load with this route only, so the rest of the console stays light.
import "graphiql/style.css";
import "./explorer.css";
import { Anchor, Box, Code, Stack, useComputedColorScheme } from "@mantine/core";
import { GraphiQL } from "graphiql";
import { useMemo, useRef } from "react";
import { Link } from "wouter";
import { PageHeader } from "../../components/PageHeader.js";
import { urls } from "../../urls.js";
import { ROLE_NAME } from "../auth/roles.js";
import { useSession } from "../auth/session.js";
import { DEFAULT_QUERY, defaultVariables } from "./default-query.js";
import { accountStorage } from "./explorer-storage.js";
import { sessionFetcher } from "./session-fetcher.js";
import { useAccessibleTabs } from "./tab-semantics.js";

/** Where GraphiQL keeps its tabs, under its own `graphiql:` namespace. */
const TABS_KEY = "graphiql:tabState";

/** GraphiQL on the console's own API, signed in as the console user; for trying what scripts will send. */
export default function ExplorerPage() {
  const { viewer } = useSession();
  const scheme = useComputedColorScheme("light");
  const fetcher = useMemo(() => sessionFetcher(), []);
  const storage = useMemo(() => accountStorage(viewer.user.id), [viewer.user.id]);
  const editorArea = useRef<HTMLDivElement>(null);
  useAccessibleTabs(editorArea);
  // GraphiQL seeds its editors only from these props, not from a default tab; given them again on
  // a later visit it would open one more tab each time, so they are passed on the first visit only.
  const firstVisit = useMemo(() => storage.getItem(TABS_KEY) === null, [storage]);

  return (
    <Stack
      gap={0}
      // The main area below the header, less its padding: the editor takes all of it.
      h="calc(100dvh - var(--app-shell-header-offset, 0rem) - 2 * var(--app-shell-padding, 0rem))"
      mih={480}
    >
      <PageHeader
        title="API explorer"
        description={
          <>
            Queries run as you ({ROLE_NAME[viewer.role]}) with your console session. The first one lists a holder's
            keys: put any user's or group email's address in Variables and press Run (Ctrl+Enter); the book icon opens
            the schema. Scripts use a personal access token instead (<Code>Authorization: Bearer khp_…</Code>), made
            under{" "}
            <Anchor component={Link} href={urls.tokens()} size="sm" underline="always">
              Access tokens
            </Anchor>
            ; the integrators' guide is <Code>docs/api-guide.md</Code>.
          </>
        }
      />
      <Box ref={editorArea} className="kh-explorer" style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL
          fetcher={fetcher}
          storage={storage}
          initialQuery={firstVisit ? DEFAULT_QUERY : undefined}
          initialVariables={firstVisit ? defaultVariables(viewer.user.email) : undefined}
          forcedTheme={scheme}
          shouldPersistHeaders={false}
        >
          <GraphiQL.Logo>Keyholder API</GraphiQL.Logo>
        </GraphiQL>
      </Box>
    </Stack>
  );
}
