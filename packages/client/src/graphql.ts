/**
 * Keyholder's typed `graphql()`, its scalars and the fragments and documents the client shares
 * with the console come from the workspace's `@keyholder/graphql`, by path rather than by name:
 * the build compiles that package's source beside the client's (`dist/graphql/`), so the packed
 * client carries it and an integrator installs nothing that is not on the registry.
 */
export * from "../../graphql/src/index.js";
