// One port: GraphQL over HTTP and GraphiQL (yoga), graphql-ws subscriptions on the same path,
// and the health endpoints. Both transports build the same RequestContext.
import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http";
import { PothosValidationError } from "@pothos/core";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { createYoga } from "graphql-yoga";
import { authenticate, type Viewer } from "../resolvers/auth.js";
import { withCode } from "../resolvers/errors.js";
import type { RequestContext, Runtime } from "../resolvers/runtime.js";
import { connectionAuthorization, serveSubscriptions, type SubscriptionLimits } from "./subscriptions.js";

export interface Readiness {
  check(): Promise<{ ready: boolean; details: Record<string, unknown> }>;
}

export interface RunyardHttpServer {
  server: Server;
  /** What `server` answers HTTP requests with (WebSocket upgrades are handled on `server`). */
  handler: RequestListener;
  /** Stops accepting, closes subscriptions with 1001 (going away), waits for in-flight requests. */
  drain(): Promise<void>;
}

function requestContext(rt: Runtime, authorization: string | null | undefined): RequestContext {
  let viewer: Promise<Viewer | null> | undefined;
  return { ...rt, viewer: () => (viewer ??= authenticate(rt.db, authorization, rt.viewers)) };
}

/**
 * GraphQL errors that reach the client without a code but are the caller's fault: request errors
 * raised before any field runs (so without a path: variable values that do not fit their types, an
 * unknown operation name), and Pothos' own argument checks (a negative `first`, a cursor we never
 * issued). Parse and validation errors already carry yoga's GRAPHQL_* codes.
 */
function isCallerMistake(error: GraphQLError): boolean {
  if (error.extensions.code !== undefined) return false;
  const source = error.originalError ?? error;
  return source instanceof PothosValidationError || error.path === undefined;
}

function describeLogArgument(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

export function createHttpServer(rt: Runtime, schema: GraphQLSchema, readiness: Readiness, subscriptionLimits: SubscriptionLimits): RunyardHttpServer {
  const yoga = createYoga<{ req?: IncomingMessage; connectionParams?: Record<string, unknown> }>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: { subscriptionsProtocol: "WS", title: "Runyard" },
    landingPage: false,
    // Through the replica's log: internal errors are logged with their stack by maskError below;
    // what yoga reports itself (mostly a caller's mistake it answered) needs one line, not a stack.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => rt.log(`yoga: ${args.map(describeLogArgument).join(" ")}`),
      error: (...args: unknown[]) => rt.log(`yoga: ${args.map(describeLogArgument).join(" ")}`),
    },
    context: ({ request, connectionParams }) =>
      requestContext(rt, connectionParams ? connectionAuthorization(connectionParams) : request.headers.get("authorization")),
    maskedErrors: {
      // Our errors and GraphQL's own (parse, validation) reach the client; anything else is logged
      // and answered as INTERNAL, with no stack, SQL or secret in it.
      maskError(error) {
        if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) {
          return isCallerMistake(error) ? withCode(error, "BAD_USER_INPUT") : error;
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        rt.log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
        return new GraphQLError("Internal server error", {
          extensions: { code: "INTERNAL" },
          ...(error instanceof GraphQLError ? { path: error.path, nodes: error.nodes } : {}),
        });
      },
    },
  });

  const handler: RequestListener = async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      // `subscriptions`: live pubsub listeners, and how many ever became live (see ListenerCounts).
      const body = { status: "up", replica: rt.replicaId, subscriptions: rt.pubsub.listeners };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    if (path === "/readyz") {
      const { ready, details } = await readiness.check();
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ready ? "ready" : "not ready", ...details }));
      return;
    }
    return yoga(req, res);
  };
  const server = createServer(handler);

  const subscriptions = serveSubscriptions(rt, server, yoga, subscriptionLimits);

  return {
    server,
    handler,
    async drain() {
      subscriptions.drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
