import { ConnectionType } from "../../../graphql/connection.js";
import { GroupEmail } from "./group-email.entity.js";

/** A page of group emails: `groupEmails`, and a user's `groupEmails`. */
export const GroupEmailConnection = ConnectionType("GroupEmail", GroupEmail);
