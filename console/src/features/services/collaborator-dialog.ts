import type { CollaboratorRow, ServiceDetail } from "./service.graphql.js";

/** What each dialog acting on one collaborator row is given by the service's page. */
export interface CollaboratorDialogProps {
  service: ServiceDetail;
  collaborator: CollaboratorRow;
  onClose: () => void;
  /** Loads the service again, when the page turns out to be out of date. */
  onReload: () => void;
}
