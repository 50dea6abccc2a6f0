import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { RETRY_AFTER_SECONDS } from "../db/availability.js";
import { ErrorCode } from "../shared/errors.js";
import type { RequestContext } from "../shared/request-context.js";
import { formatError, isUnexpected } from "./errors.js";
import { jitGateway } from "./executor.js";
import { queryLimits } from "./limits.js";
import { refuseSecretsInUrls } from "./secret-arguments.js";

const UNAVAILABLE = new Set<unknown>([ErrorCode.SERVICE_BUSY, ErrorCode.DATABASE_UNAVAILABLE]);

/**
 * Logs each masked error in full, and puts the request id on the masked error the caller sees.
 * An operation the database could not serve is answered with HTTP 503 and `Retry-After`, so a
 * load balancer or client backs off instead of reading a 200.
 */
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
        let retryAfter = 0;
        for (const error of response.body.singleResult.errors ?? []) {
          const code = error.extensions?.code;
          if (code === ErrorCode.INTERNAL_SERVER_ERROR || UNAVAILABLE.has(code)) {
            (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
          }
          if (UNAVAILABLE.has(code)) {
            retryAfter = Math.max(retryAfter, RETRY_AFTER_SECONDS[code as keyof typeof RETRY_AFTER_SECONDS]);
          }
        }
        if (retryAfter) {
          response.http.status = 503;
          response.http.headers.set("retry-after", String(retryAfter));
        }
      },
    };
  },
};

/**
 * Once the HTTP layer has the answer's text (`releaseRequest`), Apollo's request context, and the
 * gateway's copy of it that shares these objects, keeps neither the answer nor the request's body
 * and headers: see `releaseRequest` for why that matters. A context made elsewhere has no releases.
 */
const releaseAnswered: ApolloServerPlugin<RequestContext> = {
  async requestDidStart(requestContext) {
    requestContext.contextValue.releases?.push(() => {
      const finished = requestContext as {
        response: { body?: unknown };
        request: { http?: unknown; variables?: unknown };
      };
      finished.response.body = undefined;
      finished.request.http = undefined;
      finished.request.variables = undefined;
    });
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
      releaseAnswered,
      refuseSecretsInUrls(options.schema),
      ...(options.plugins ?? []),
    ],
  });
}
