// One port: GraphQL over HTTP and GraphiQL (yoga), graphql-ws subscriptions on the same path,
// and the health endpoints. Both transports build the same RequestContext.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { createYoga } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { authenticate, type Viewer } from "../resolvers/auth.js";
import type { RequestContext, Runtime } from "../resolvers/runtime.js";

export interface Readiness {
  check(): Promise<{ ready: boolean; details: Record<string, unknown> }>;
}

export interface RunyardHttpServer {
  server: Server;
  /** Stops accepting, closes subscriptions with 1001 (going away), waits for in-flight requests. */
  drain(): Promise<void>;
}

function requestContext(rt: Runtime, authorization: string | null | undefined): RequestContext {
  let viewer: Promise<Viewer | null> | undefined;
  return { ...rt, viewer: () => (viewer ??= authenticate(rt.db, authorization)) };
}

export function createHttpServer(rt: Runtime, schema: GraphQLSchema, readiness: Readiness): RunyardHttpServer {
  const yoga = createYoga<{ req?: IncomingMessage; connectionParams?: Record<string, unknown> }>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: { subscriptionsProtocol: "WS", title: "Runyard" },
    landingPage: false,
    context: ({ request, connectionParams }) =>
      requestContext(rt, connectionParams ? String(connectionParams.authorization ?? "") : request.headers.get("authorization")),
    maskedErrors: {
      // Our errors and GraphQL's own (parse, validation) reach the client; anything else is logged
      // and answered as INTERNAL, with no stack, SQL or secret in it.
      maskError(error) {
        if (error instanceof GraphQLError && (!error.originalError || error.originalError instanceof GraphQLError)) return error;
        const original = error instanceof GraphQLError ? error.originalError : error;
        rt.log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
        return new GraphQLError("Internal server error", {
          extensions: { code: "INTERNAL" },
          ...(error instanceof GraphQLError ? { path: error.path, nodes: error.nodes } : {}),
        });
      },
    },
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "up", replica: rt.replicaId }));
      return;
    }
    if (path === "/readyz") {
      const { ready, details } = await readiness.check();
      res.writeHead(ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: ready ? "ready" : "not ready", ...details }));
      return;
    }
    return yoga(req, res);
  });

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  useServer(
    {
      // A connection must authenticate before anything else: a bad token closes it (4403).
      onConnect: async (ctx) => {
        try {
          const viewer = await authenticate(rt.db, String(ctx.connectionParams?.authorization ?? ""));
          return viewer !== null;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
      execute: (args) => (args.rootValue as { execute: typeof import("graphql").execute }).execute(args),
      subscribe: (args) => (args.rootValue as { subscribe: typeof import("graphql").subscribe }).subscribe(args),
    },
    wsServer,
  );

  return {
    server,
    async drain() {
      for (const client of wsServer.clients) client.close(1001, "server shutting down");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      wsServer.close();
    },
  };
}
