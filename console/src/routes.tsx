import { Center, Loader } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Route, Switch } from "wouter";
import { NotFoundPage } from "./components/NotFoundPage.js";

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
        <Route path="/" component={OverviewPage} />
        <Route path="/keys" component={KeysPage} />
        <Route path="/keys/:id" component={KeyPage} />
        <Route path="/holders" component={HoldersPage} />
        <Route path="/holders/:id" component={HolderPage} />
        <Route path="/services" component={ServicesPage} />
        <Route path="/services/:id" component={ServicePage} />
        <Route path="/offboarding" component={OffboardingPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/tokens" component={TokensPage} />
        <Route path="/explorer" component={ExplorerPage} />
        <Route path="/outbox" component={OutboxPage} />
        <Route path="/webhooks" component={WebhooksPage} />
        <Route>
          <NotFoundPage />
        </Route>
      </Switch>
    </Suspense>
  );
}
