// Every document the client sends: its own, and those it shares with the console (with the typed
// `graphql()` and the fragments they are written with).
export * from "../graphql.js";
export * from "./access-tokens.graphql.js";
export * from "./api-keys.graphql.js";
export * from "./audit.graphql.js";
export * from "./directory.graphql.js";
export * from "./keys.graphql.js";
export * from "./reassignment.graphql.js";
