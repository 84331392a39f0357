// GraphQL subscriptions over graphql-ws, on the HTTP server's /graphql path: the WebSocket
// upgrade, authentication of the connection, and each subscription run through yoga's envelope
// (the same schema, plugins and RequestContext as HTTP).
import type { IncomingMessage, Server } from "node:http";
import { GraphQLError } from "graphql";
import type { YogaServerInstance } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { authenticate } from "../resolvers/auth.js";
import { withCode } from "../resolvers/errors.js";
import type { Runtime } from "../resolvers/runtime.js";

/** What yoga's context receives besides the request: a subscription's connectionParams. */
interface SubscriptionServerContext {
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
}

export interface SubscriptionServer {
  /** Closes every subscription socket with 1001 (going away) and accepts no more. */
  drain(): void;
}

/** graphql-ws `connectionParams.authorization` (`Authorization` accepted too, as HTTP headers are). */
export function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : "";
}

export function serveSubscriptions(
  rt: Runtime,
  server: Server,
  yoga: YogaServerInstance<SubscriptionServerContext, object>,
): SubscriptionServer {
  // noServer: with `server`, ws re-emits the HTTP server's errors (a taken port) and graphql-ws
  // prints them with a stack; the start-up reports those itself.
  const wsServer = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "/").split("?")[0] !== yoga.graphqlEndpoint) {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit("connection", ws, req));
  });
  useServer(
    {
      // A connection must authenticate before anything else: a bad token closes it (4403).
      onConnect: async (ctx) => {
        try {
          const viewer = await authenticate(rt.db, connectionAuthorization(ctx.connectionParams));
          return viewer !== null;
        } catch (error) {
          // Refused either way (a close reason would show the client the error's message); a failure
          // other than a bad token is ours, and logged.
          if (!(error instanceof GraphQLError)) rt.log(`graphql-ws authentication failed: ${error instanceof Error ? error.message : String(error)}`);
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
        let document: ReturnType<typeof parse>;
        try {
          document = parse(params.query);
        } catch (error) {
          // A syntax error is the client's: answer it on this subscription, as HTTP does, instead of
          // throwing, which would close the whole socket (4500) and end its other subscriptions.
          if (!(error instanceof GraphQLError)) throw error;
          return [error.extensions.code === undefined ? withCode(error, "GRAPHQL_PARSE_FAILED") : error];
        }
        const args = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document,
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
    drain() {
      for (const client of wsServer.clients) client.close(1001, "server shutting down");
      wsServer.close();
    },
  };
}
