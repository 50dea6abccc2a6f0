import { ConnectionType } from "../../../graphql/connection.js";
import { User } from "./user.entity.js";

/** A page of users: `users`, and a group email's `members`. */
export const UserConnection = ConnectionType("User", User);
