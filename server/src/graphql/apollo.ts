import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { ErrorCode } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { formatError, isUnexpected } from "./errors.js";
import { jitGateway } from "./executor.js";
import { queryLimits } from "./limits.js";
import { refuseSecretsInUrls } from "./secret-arguments.js";

/** Logs each masked error in full, and puts the request id on the masked error the caller sees. */
const errorReporting: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (isUnexpected(error)) contextValue.log.error({ err: error.originalError ?? error }, "unexpected error");
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== "single") return;
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
        }
      },
    };
  },
};

export interface ApolloOptions {
  schema: GraphQLSchema;
  production: boolean;
  plugins?: ApolloServerPlugin<RequestContext>[];
}

/**
 * Apollo Server with what Keyholder does not use switched off: cache control (it doubles the
 * per-field cost), tracing, reporting, and the landing page (it loads from a CDN). Operations
 * are executed by graphql-jit (see `executor.ts`).
 */
export function createApollo(options: ApolloOptions): ApolloServer<RequestContext> {
  const limits = queryLimits(options.production);
  return new ApolloServer<RequestContext>({
    gateway: jitGateway(options.schema),
    // Keyholder's main stops everything on SIGINT/SIGTERM, in order; Apollo's own handlers would
    // stop it a second time and raise the signal again (a second Ctrl-C that nobody pressed).
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.production,
    formatError: (formatted, error) => formatError(formatted, error),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      ...(limits.plugins as ApolloServerPlugin<RequestContext>[]),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      errorReporting,
      refuseSecretsInUrls(options.schema),
      ...(options.plugins ?? []),
    ],
  });
}
