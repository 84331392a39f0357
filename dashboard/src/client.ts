// One urql client per signed-in token: queries and mutations over HTTP (POST: the server refuses
// form-like GETs), every subscription over ONE graphql-ws socket, shared by the whole page. A 401
// answer or a 4403 close (token refused or revoked) signs the user out with the reason.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { createClient as createSocketClient } from "graphql-ws";
import { reconnections } from "./live";
import { createStore } from "./store";

export type SocketState = "connecting" | "live" | "reconnecting";

export interface RunyardClient {
  urql: Client;
  /** The socket's state, for the header's indicator. */
  socketState: ReturnType<typeof createStore<SocketState>>;
  dispose(): void;
}

const REFUSED_CLOSE = 4403;

export function createRunyardClient(token: string, onRefused: (reason: string) => void): RunyardClient {
  const authorization = `Bearer ${token}`;
  const socketState = createStore<SocketState>("connecting");
  let refused = false;
  let connectedBefore = false;
  const refuse = (reason: string) => {
    if (refused) return;
    refused = true;
    onRefused(reason);
  };
  const socket = createSocketClient({
    url: new URL("/graphql", location.href).href.replace(/^http/, "ws"),
    connectionParams: { authorization },
    // Reconnects after a replica's drain (1001) or a too-slow close (1013), never after a refusal.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !(event instanceof CloseEvent && event.code === REFUSED_CLOSE),
    on: {
      connected: () => {
        socketState.set("live");
        if (connectedBefore) reconnections.set(reconnections.get() + 1);
        connectedBefore = true;
      },
      closed: (event) => {
        if (event instanceof CloseEvent && event.code === REFUSED_CLOSE) {
          refuse(`the server closed the live connection (${REFUSED_CLOSE}): the token was refused or has been revoked`);
        } else socketState.set("reconnecting");
      },
    },
  });
  const urql = new Client({
    url: "/graphql",
    preferGetMethod: false,
    fetchOptions: { headers: { authorization } },
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) refuse(`the server refused the token: ${error.graphQLErrors[0]?.message ?? "unauthenticated"}`);
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const operation = { ...request, query: request.query ?? "" };
          return {
            subscribe(sink) {
              return { unsubscribe: socket.subscribe(operation, sink) };
            },
          };
        },
      }),
    ],
  });
  return {
    urql,
    socketState,
    dispose() {
      refused = true;
      void socket.dispose();
    },
  };
}
