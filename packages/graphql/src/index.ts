// Keyholder's schema as types, and the fragments and documents the console and the client share:
// one selection per result, written once.
export * from "./access-token.graphql.js";
export * from "./api-key.graphql.js";
export * from "./directory.graphql.js";
export * from "./graphql.js";
export * from "./holder.graphql.js";
export * from "./import.graphql.js";
export * from "./import-files.js";
export * from "./offboarding.graphql.js";
export * from "./page-info.graphql.js";
export * from "./reassignment.graphql.js";
export * from "./service.graphql.js";
export * from "./user-error.graphql.js";
