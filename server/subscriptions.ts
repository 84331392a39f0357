// GraphQL subscriptions over graphql-ws, on the HTTP server's /graphql path: the WebSocket
// upgrade, authentication of the connection, and each subscription run through yoga's envelope
// (the same schema, plugins and RequestContext as HTTP).
//
// graphql-ws's own `ws` binding (graphql-ws/use/ws) waits for each message to be flushed before it
// pulls the next event, so a socket that stops reading leaves every later event queued, unbounded,
// in its subscriptions' pubsub iterators. So graphql-ws's server (makeServer) is bound to ws here:
// a send hands the message to the socket at once, events never wait upstream, and all a socket
// holds is its `bufferedAmount`, which is bounded: a socket further behind than `maxBufferedBytes`
// is closed with 1013 and its subscriptions end at once.
//
// Each socket remembers the token that authenticated it: when that token is revoked (on any
// replica: the tokenRevoked event), the socket is closed with 4403. A sweep every viewer-cache TTL
// catches a revocation whose event was lost (Redis away), so it takes effect within that bound.
import type { IncomingMessage, Server } from "node:http";
import { GraphQLError } from "graphql";
import type { YogaServerInstance } from "graphql-yoga";
import { CloseCode, handleProtocols, makeServer } from "graphql-ws";
import { WebSocket, WebSocketServer, type ServerOptions } from "ws";
import { authenticate, revokedTokenIds } from "../resolvers/auth.js";
import { withCode } from "../resolvers/errors.js";
import type { Runtime } from "../resolvers/runtime.js";

/** What yoga's context receives besides the request: a subscription's connectionParams. */
interface SubscriptionServerContext {
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
}

/** One open socket: the token that authenticated it (once it has), and how to close it and end its subscriptions at once. */
interface Connection {
  tokenId: string | null;
  /** Aborts when the socket ends: an operation still running on it (a waiting claimNextRun) has lost its caller. */
  gone: AbortSignal;
  closeNow(code: number, reason: string): void;
}

export interface SubscriptionLimits {
  /** Bytes a socket may have waiting to be sent before it is closed as too slow (SLOW_SUBSCRIBER_CLOSE). */
  maxBufferedBytes: number;
}

export interface SubscriptionServer {
  /** Closes every subscription socket with 1001 (going away), ends its subscriptions, accepts no more. */
  drain(): void;
  /** Drops the sockets still open (a drain whose grace ran out). */
  terminate(): void;
}

/**
 * The close code of a socket too far behind: 1013 "try again later", which graphql-ws clients
 * retry on their own (graphql-ws's own 4408 and 4429 mean something else, and 4429 is not retried).
 */
export const SLOW_SUBSCRIBER_CLOSE = 1013;

// A socket that answers no ping within this long is dropped (graphql-ws's `ws` binding's default).
const KEEPALIVE_MS = 12_000;
// How long a closed socket waits for its peer's close frame before it is dropped (ws's default is
// 30 s): a peer that reads nothing would otherwise hold its unsent bytes, and a drain, that long.
const CLOSE_HANDSHAKE_MS = 5_000;

/** graphql-ws `connectionParams.authorization` (`Authorization` accepted too, as HTTP headers are). */
export function connectionAuthorization(params: Readonly<Record<string, unknown>> | undefined): string {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : "";
}

export function serveSubscriptions(
  rt: Runtime,
  server: Server,
  yoga: YogaServerInstance<SubscriptionServerContext, object>,
  limits: SubscriptionLimits,
): SubscriptionServer {
  // noServer: with `server`, ws re-emits the HTTP server's errors (a taken port) and graphql-ws
  // prints them with a stack; the start-up reports those itself.
  // `closeTimeout` is ws's (8.19+), not yet in @types/ws.
  const options: ServerOptions & { closeTimeout: number } = { noServer: true, handleProtocols, closeTimeout: CLOSE_HANDSHAKE_MS };
  const wsServer = new WebSocketServer(options);
  server.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "/").split("?")[0] !== yoga.graphqlEndpoint) {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit("connection", ws, req));
  });

  const graphqlWs = makeServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage; connection: Connection }>({
    // A connection must authenticate before anything else: a bad token closes it (4403).
    onConnect: async (ctx) => {
      try {
        const viewer = await authenticate(rt.pool, connectionAuthorization(ctx.connectionParams));
        if (viewer === null) return false;
        ctx.extra.connection.tokenId = viewer.tokenId;
        return true;
      } catch (error) {
        // Refused either way (a close reason would show the client the error's message); a failure
        // other than a bad token is ours, and logged.
        if (!(error instanceof GraphQLError)) rt.log.warn(`graphql-ws authentication failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    },
    onSubscribe: async (ctx, _id, params) => {
      const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        signal: ctx.extra.connection.gone,
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
  });

  const connections = new Map<WebSocket, Connection>();
  const alive = new WeakSet<WebSocket>();
  wsServer.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    alive.add(socket);
    socket.on("pong", () => alive.add(socket));
    // ws closes the socket after an error (a malformed frame, a reset); without a listener it would throw.
    socket.on("error", (error) => rt.log.warn(`graphql-ws: socket error: ${error.message}`));
    // Ends the socket's subscriptions (their pubsub listeners go); once per socket, whether the
    // server closed it or the peer did.
    let ended = false;
    const gone = new AbortController();
    const end = (code: number, reason: string): void => {
      if (ended) return;
      ended = true;
      gone.abort();
      connections.delete(socket);
      void closed(code, reason);
    };
    // Closes the socket and ends its subscriptions now, not once the closing handshake is done:
    // a peer that reads nothing would hold them until the handshake times out.
    const closeNow = (code: number, reason: string): void => {
      socket.close(code, reason);
      end(code, reason);
    };
    const connection: Connection = { tokenId: null, gone: gone.signal, closeNow };
    connections.set(socket, connection);
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== WebSocket.OPEN) return;
          socket.send(data);
          if (socket.bufferedAmount > limits.maxBufferedBytes) {
            rt.log.warn(`graphql-ws: closed a subscriber too slow to read (${socket.bufferedAmount} bytes unsent, bound ${limits.maxBufferedBytes})`);
            closeNow(SLOW_SUBSCRIBER_CLOSE, "subscriber too slow: resubscribe");
          }
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", (data) => {
            handle(String(data)).catch((error: unknown) => {
              rt.log.error(`graphql-ws: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
              closeNow(CloseCode.InternalServerError, "Internal server error");
            });
          }),
      },
      { socket, request, connection },
    );
    socket.once("close", (code, reason) => end(code, reason.toString("utf8")));
  });

  // A peer that answered no ping since the last round is gone (or reads nothing): drop it.
  const keepalive = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (!alive.delete(socket)) socket.terminate();
      else socket.ping();
    }
  }, KEEPALIVE_MS);
  keepalive.unref();

  const closeRevoked = (revoked: ReadonlySet<string>): void => {
    for (const connection of [...connections.values()]) {
      if (connection.tokenId !== null && revoked.has(connection.tokenId)) connection.closeNow(CloseCode.Forbidden, "token revoked");
    }
  };
  const revocations = rt.pubsub.subscribe("tokenRevoked");
  void (async () => {
    for await (const { tokenId } of revocations) closeRevoked(new Set([tokenId]));
  })();
  const sweep = setInterval(() => {
    const tokenIds = new Set<string>();
    for (const { tokenId } of connections.values()) if (tokenId !== null) tokenIds.add(tokenId);
    if (tokenIds.size === 0) return;
    revokedTokenIds(rt.pool, [...tokenIds]).then(
      (revoked) => closeRevoked(new Set(revoked)),
      (error: unknown) => rt.log.warn(`graphql-ws: checking for revoked tokens failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, rt.viewers.ttlMs);
  sweep.unref();

  return {
    drain() {
      clearInterval(keepalive);
      clearInterval(sweep);
      void revocations.return();
      for (const { closeNow } of [...connections.values()]) closeNow(1001, "server shutting down");
      wsServer.close();
    },
    terminate() {
      for (const client of wsServer.clients) client.terminate();
    },
  };
}
