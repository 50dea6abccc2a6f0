import { ConnectionType } from "../../graphql/connection.js";
import { AuditEvent } from "./audit-event.type.js";

/** A page of audit events: the audit trail's, and a key's history. */
export const AuditEventConnection = ConnectionType("AuditEvent", AuditEvent);
