// One port: GraphQL over HTTP and GraphiQL (yoga), graphql-ws subscriptions on the same path,
// the health endpoints and the dashboard's page (GET /). Both transports build the same RequestContext.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { PothosValidationError } from "@pothos/core";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { createYoga } from "graphql-yoga";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { authenticate, type Viewer } from "../resolvers/auth.js";
import { RunyardError, withCode } from "../resolvers/errors.js";
import { contextForViewer, type RequestContext, type Runtime } from "../resolvers/runtime.js";
import { dashboardHandler } from "./dashboard.js";
import { GRAPHIQL_DEFAULT_QUERY, renderRunyardGraphiQL } from "./graphiql.js";
import { queryLimits } from "./query-limits.js";
import { useCompiledExecution } from "./compiled-execution.js";
import { requestGuards } from "./request-guards.js";
import { useSharedSubscriptionEvents } from "./shared-subscription-events.js";
import { recordRequest, useRequestRecord, type RequestRecord } from "./request-log.js";
import { connectionAuthorization, serveSubscriptions, type SubscriptionLimits } from "./subscriptions.js";

export interface Readiness {
  check(): Promise<{ ready: boolean; details: Record<string, unknown> }>;
}

export interface RunyardHttpServer {
  server: Server;
  /** What `server` answers HTTP requests with (WebSocket upgrades are handled on `server`). */
  handler: RequestListener;
  /**
   * Stops accepting, closes subscriptions with 1001 (going away), answers what still arrives with
   * `Connection: close`, and waits for in-flight requests up to the grace period; then destroys
   * what is left.
   */
  drain(): Promise<void>;
}

function requestContext(rt: Runtime, authorization: string | null | undefined, signal: AbortSignal): RequestContext {
  let viewer: Promise<Viewer | null> | undefined;
  let resolved: Viewer | null | undefined;
  return {
    ...rt,
    signal,
    viewer: () => (viewer ??= authenticate(rt.pool, authorization, rt.viewers).then((v) => (resolved = v))),
    resolvedViewer: () => resolved,
  };
}

/** GraphiQL's page: what a browser's address bar asks for (yoga renders it for GET + text/html). */
function asksForGraphiQL(req: IncomingMessage): boolean {
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
}

/**
 * The request's path, exactly as the client sent it (no normalising: `/graphql/` is not the
 * endpoint), or null when yoga could not build a URL from it and its Host header: it would answer
 * 500 with its stack in the body.
 */
function requestPath(req: IncomingMessage): string | null {
  const target = req.url ?? "/";
  if (!target.startsWith("/")) return null;
  try {
    new URL(target, `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return null;
  }
  return target.split("?")[0]!;
}

function answer(res: ServerResponse, status: number, message: string, code: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function badRequest(res: ServerResponse, message: string): void {
  answer(res, 400, message, "BAD_USER_INPUT");
}

function notFound(res: ServerResponse): void {
  answer(res, 404, "not found; the GraphQL endpoint is /graphql, the dashboard /", "NOT_FOUND");
}

function unauthenticated(res: ServerResponse, message: string): void {
  res
    .writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" })
    .end(JSON.stringify({ errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] }));
}

/**
 * GraphQL errors that reach the client without a code but are the caller's fault: request errors
 * raised before any field runs (so without a path: variable values that do not fit their types, an
 * unknown operation name), and Pothos' own argument checks (a negative `first`, a cursor we never
 * issued). Parse and validation errors already carry yoga's GRAPHQL_* codes.
 */
function isCallerMistake(error: GraphQLError): boolean {
  // graphql-jit's errors (a variable that does not fit its type) may carry no extensions at all.
  if (error.extensions?.code !== undefined) return false;
  const source = error.originalError ?? error;
  return source instanceof PothosValidationError || error.path === undefined;
}

function describeLogArgument(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

export interface HttpOptions {
  /** Origins a browser may call the API from besides the server's own (RUNYARD_CORS_ORIGINS). */
  corsOrigins: string[];
  /** How long a drain waits for in-flight requests and closing sockets before it destroys them. */
  drainGraceMs: number;
  /** What a subscription socket may hold (RUNYARD_WS_MAX_BUFFERED_BYTES). */
  subscriptionLimits: SubscriptionLimits;
}

// While draining, how often sockets that have just become idle are closed: a keep-alive socket
// whose response began before the drain is idle only once that response ends.
const DRAIN_SWEEP_MS = 50;

export function createHttpServer(rt: Runtime, schema: GraphQLSchema, readiness: Readiness, options: HttpOptions): RunyardHttpServer {
  // `viewer`: an HTTP request's caller, authenticated before yoga sees the request (handler below).
  // `signal`: a graphql-ws operation's socket closing (server/subscriptions.ts); over HTTP the request's own.
  const yoga = createYoga<{ req?: IncomingMessage; connectionParams?: Record<string, unknown>; viewer?: Viewer; signal?: AbortSignal; requestRecord?: RequestRecord }>({
    schema,
    graphqlEndpoint: "/graphql",
    // Served whole from the package (no CDN); subscriptions over graphql-ws with the Headers pane's token.
    graphiql: { title: "Runyard", defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    renderGraphiQL: renderRunyardGraphiQL,
    landingPage: false,
    // Same-origin pages need no CORS header; other origins only when listed. Tokens travel in the
    // Authorization header, not cookies, so no credentials are allowed.
    cors: options.corsOrigins.length
      ? { origin: options.corsOrigins, credentials: false, methods: ["GET", "POST"], allowedHeaders: ["authorization", "content-type"] }
      : false,
    plugins: [
      useRequestRecord(rt.metrics),
      ...requestGuards(),
      // A form or multipart body (which a page on any site can make a browser send, without a CORS
      // preflight) is refused unless it carries a header only script can set: a cookie session,
      // should one ever exist, cannot be ridden into a mutation.
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] }),
      ...queryLimits(),
      useSharedSubscriptionEvents(),
      useCompiledExecution(),
    ],
    // Through the replica's log: internal errors are logged with their stack by maskError below;
    // what yoga reports itself (mostly a caller's mistake it answered) needs one line, not a stack.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => rt.log.warn(`yoga: ${args.map(describeLogArgument).join(" ")}`),
      error: (...args: unknown[]) => rt.log.error(`yoga: ${args.map(describeLogArgument).join(" ")}`),
    },
    context: ({ request, connectionParams, viewer, signal = request.signal }) =>
      viewer
        ? contextForViewer(rt, viewer, signal)
        : requestContext(rt, connectionParams ? connectionAuthorization(connectionParams) : request.headers.get("authorization"), signal),
    maskedErrors: {
      // Our errors and GraphQL's own (parse, validation) reach the client; anything else is logged
      // and answered as INTERNAL, with no stack, SQL or secret in it.
      maskError(error) {
        if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) {
          return isCallerMistake(error) ? withCode(error, "BAD_USER_INPUT") : error;
        }
        const original = error instanceof GraphQLError ? error.originalError : error;
        rt.log.error({ err: original }, `internal error: ${original instanceof Error ? original.message : String(original)}`);
        return new GraphQLError("Internal server error", {
          extensions: { code: "INTERNAL" },
          ...(error instanceof GraphQLError ? { path: error.path, nodes: error.nodes } : {}),
        });
      },
    },
  });

  const serveDashboard = dashboardHandler();
  let draining = false;
  const handler: RequestListener = async (req, res) => {
    // A client on a keep-alive socket would otherwise go on sending to a draining replica for as
    // long as it has requests to send; told to close, it reconnects, to a replica that listens.
    if (draining) res.setHeader("connection", "close");
    const path = requestPath(req);
    if (path === null) return badRequest(res, "the request target or Host header is not a valid URL");
    if (path === "/healthz") {
      // `subscriptions`: live pubsub listeners, and how many ever became live (see ListenerCounts).
      const body = { status: "up", replica: rt.replicaId, subscriptions: rt.pubsub.listeners };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    if (path === "/metrics" || path === "/readyz") {
      // An async handler's rejection would end the process: a failure here is a 500 and a log line.
      try {
        if (path === "/metrics") {
          // Anyone may scrape, as /readyz: no label names a tenant (resolvers/metrics.ts).
          const body = await rt.metrics.scrape();
          res.writeHead(200, { "content-type": rt.metrics.registry.contentType }).end(body);
        } else {
          const { ready, details } = await readiness.check();
          res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ready ? "ready" : "not ready", ...details }));
        }
      } catch (err) {
        rt.log.error({ err }, `${path} failed`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`${path} failed\n`);
      }
      return;
    }
    // Only the exact endpoint reaches yoga: it would also serve `/graphql/`, `//graphql` and
    // `/x/../graphql`, past the token check below.
    // The dashboard's page and assets, open to anyone as GraphiQL's page is (its requests carry the token).
    if (path !== yoga.graphqlEndpoint) return void ((await serveDashboard(req, res, path)) || notFound(res));
    if (req.method === "OPTIONS") return yoga(req, res);
    const requestRecord = recordRequest(rt.log, rt.metrics, req, res);
    // Every GraphQL request needs a valid token, whatever it asks ({ __typename }, introspection):
    // a bad one is 401 before anything runs. Only GraphiQL's page (whose requests then carry the
    // token set in its headers pane) and CORS preflights (which never carry one) go without.
    let viewer: Viewer | null;
    try {
      viewer = await authenticate(rt.pool, req.headers.authorization, rt.viewers);
    } catch (error) {
      if (error instanceof RunyardError) return unauthenticated(res, error.message);
      // The token could not be checked (the database is away): not known to be bad. Yoga answers,
      // and every field that needs the caller fails as INTERNAL, masked and logged as any other.
      return yoga(req, res, { requestRecord });
    }
    if (!viewer) {
      if (asksForGraphiQL(req)) return yoga(req, res);
      return unauthenticated(res, "a bearer token is required");
    }
    return yoga(req, res, { viewer, requestRecord });
  };
  // Idle keep-alive sockets are kept past a proxy's usual idle timeout (60 s) and well past a
  // client's: a server closing an idle socket first races the client's next request on it, which
  // then fails with ECONNRESET (a POST is not retried). Node's default is 5 s, against undici's 4 s.
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, handler);

  const subscriptions = serveSubscriptions(rt, server, yoga, options.subscriptionLimits);

  return {
    server,
    handler,
    async drain() {
      draining = true;
      subscriptions.drain();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const sweep = setInterval(() => server.closeIdleConnections(), DRAIN_SWEEP_MS);
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<"over">((resolve) => (graceTimer = setTimeout(resolve, options.drainGraceMs, "over")));
      try {
        if ((await Promise.race([closed, grace])) === "over") {
          rt.log.warn(`drain: requests still in flight after ${options.drainGraceMs} ms; closing their connections`);
          server.closeAllConnections();
          subscriptions.terminate();
          await closed;
        }
      } finally {
        clearInterval(sweep);
        clearTimeout(graceTimer);
      }
    },
  };
}
