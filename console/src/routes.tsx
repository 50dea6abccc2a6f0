import { Center, Loader } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Route, Switch } from "wouter";
import { NotFoundPage } from "./components/NotFoundPage.js";
import { paths } from "./urls.js";

// One chunk per screen family, so the first page loads only what it shows.
const OverviewPage = lazy(() => import("./features/overview/OverviewPage.js"));
const KeysPage = lazy(() => import("./features/keys/KeysPage.js"));
const KeyPage = lazy(() => import("./features/keys/KeyPage.js"));
const HoldersPage = lazy(() => import("./features/holders/HoldersPage.js"));
const HolderPage = lazy(() => import("./features/holders/HolderPage.js"));
const ServicesPage = lazy(() => import("./features/services/ServicesPage.js"));
const ServicePage = lazy(() => import("./features/services/ServicePage.js"));
const OffboardingPage = lazy(() => import("./features/offboarding/OffboardingPage.js"));
const AuditPage = lazy(() => import("./features/audit/AuditPage.js"));
const TokensPage = lazy(() => import("./features/tokens/TokensPage.js"));
const ExplorerPage = lazy(() => import("./features/explorer/ExplorerPage.js"));
const ImportPage = lazy(() => import("./features/import/ImportPage.js"));
const OutboxPage = lazy(() => import("./features/outbox/OutboxPage.js"));
const WebhooksPage = lazy(() => import("./features/webhooks/WebhooksPage.js"));

export function Routes() {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader size="sm" aria-label="Loading" />
        </Center>
      }
    >
      <Switch>
        <Route path={paths.overview} component={OverviewPage} />
        <Route path={paths.keys} component={KeysPage} />
        <Route path={paths.key} component={KeyPage} />
        <Route path={paths.holders} component={HoldersPage} />
        <Route path={paths.holder} component={HolderPage} />
        <Route path={paths.services} component={ServicesPage} />
        <Route path={paths.service} component={ServicePage} />
        <Route path={paths.offboarding} component={OffboardingPage} />
        <Route path={paths.audit} component={AuditPage} />
        <Route path={paths.tokens} component={TokensPage} />
        <Route path={paths.explorer} component={ExplorerPage} />
        <Route path={paths.import} component={ImportPage} />
        <Route path={paths.outbox} component={OutboxPage} />
        <Route path={paths.webhooks} component={WebhooksPage} />
        <Route>
          <NotFoundPage />
        </Route>
      </Switch>
    </Suspense>
  );
}
