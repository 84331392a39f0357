// Minimal GraphQL clients for tests: HTTP POST for queries and mutations, graphql-ws for subscriptions.
// Operations may be strings or typed documents (`graphql(\`…\`)` from test/gql, after `npm run codegen`):
// a typed document gives the result and variables their generated types.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { createClient, type Client, type FormattedExecutionResult } from "graphql-ws";
import WebSocket from "ws";

export interface GqlError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
  path?: unknown;
}

export interface GqlResponse<T> {
  data?: T;
  errors?: GqlError[];
}

const DEFAULT_WAIT_MS = 10_000;
// graphql-ws acknowledges the connection but not the subscription: the server still has to run
// onSubscribe, validate and subscribe to its pubsub (a Redis SUBSCRIBE round trip) after the ack.
// `ready` waits for the server to report the listener live (GET /healthz); against a server that
// does not report it, this pause stands in.
const SUBSCRIBE_SETTLE_MS = 150;
const LIVE_TIMEOUT_MS = 15_000;
const LIVE_POLL_MS = 15;

/** Per server (its /healthz URL): the last subscription setup, which the next one waits for. */
const liveSetups = new Map<string, Promise<unknown>>();

function healthUrlFor(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === "wss:" ? "https:" : "http:";
  url.pathname = "/healthz";
  url.search = "";
  return url.toString();
}

/** The server's count of pubsub listeners that ever became live, or undefined if it does not say. */
export async function establishedListeners(healthUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { subscriptions?: { established?: unknown } };
    const count = body.subscriptions?.established;
    return typeof count === "number" ? count : undefined;
  } catch {
    return undefined;
  }
}

/** A query string, or a typed document whose result type is T and variables type V. */
export type Operation<T = unknown, V = Record<string, unknown>> = string | TypedDocumentNode<T, V>;

/** The query text of an operation. A document that codegen has not seen yet is `{}` at runtime. */
export function operationText(query: string | DocumentNode): string {
  if (typeof query === "string") return query;
  if (!query || (query as { kind?: unknown }).kind !== "Document") {
    throw new Error("not a GraphQL document: run `npm run codegen` after adding or changing a graphql(`…`) document");
  }
  return print(query);
}

/** POSTs to `${url}/graphql` and returns the parsed body whatever the HTTP status. */
export async function gql<T, V>(url: string, token: string | null, query: TypedDocumentNode<T, V>, variables?: V): Promise<GqlResponse<T>>;
export async function gql<T = unknown>(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
export async function gql<T = unknown>(
  url: string,
  token: string | null,
  query: string | DocumentNode,
  variables?: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query: operationText(query), variables }) });
  const text = await response.text();
  try {
    return JSON.parse(text) as GqlResponse<T>;
  } catch {
    throw new Error(`POST ${url}/graphql answered ${response.status} with a non-JSON body: ${text.slice(0, 500)}`);
  }
}

/** Like gql, but returns `data` and throws (listing the error codes) if there are errors. */
export async function gqlData<T, V>(url: string, token: string | null, query: TypedDocumentNode<T, V>, variables?: V): Promise<T>;
export async function gqlData<T = unknown>(url: string, token: string | null, query: string, variables?: Record<string, unknown>): Promise<T>;
export async function gqlData<T = unknown>(
  url: string,
  token: string | null,
  query: string | DocumentNode,
  variables?: Record<string, unknown>,
): Promise<T> {
  const { data, errors } = await gql<T>(url, token, operationText(query), variables);
  if (errors?.length) throw new Error(`GraphQL errors: ${describeErrors(errors)}`);
  if (data === undefined || data === null) throw new Error("GraphQL response has neither data nor errors");
  return data;
}

export interface Subscription<T> {
  /** The next payload's data; rejects on timeout, on a payload with errors, or if the subscription ended. */
  next(timeoutMs?: number): Promise<T>;
  /** The next n payloads, all within timeoutMs. */
  take(n: number, timeoutMs?: number): Promise<T[]>;
  /**
   * Resolves once the server acknowledged the connection and its pubsub listener for this
   * subscription is live, so an event published after it reaches the subscription; rejects if the
   * connection is refused (SubscriptionClosedError). Resolves too if the subscription ended at once
   * (e.g. FORBIDDEN): `next()` then rejects with the reason.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function subscribe<T, V>(wsUrl: string, token: string | null, query: TypedDocumentNode<T, V>, variables?: V): Subscription<T>;
export function subscribe<T>(wsUrl: string, token: string | null, query: string, variables?: Record<string, unknown>): Subscription<T>;
export function subscribe<T>(
  wsUrl: string,
  token: string | null,
  document: string | DocumentNode,
  variables?: Record<string, unknown>,
): Subscription<T> {
  const query = operationText(document);
  const queue: Array<FormattedExecutionResult<T, unknown>> = [];
  const waiters = new Set<() => void>();
  const wakeAll = (): void => {
    for (const wake of [...waiters]) wake();
  };
  let ended: Error | undefined;
  let onConnected: () => void = () => {};
  let onEnded: (error: Error) => void = () => {};
  const connected = new Promise<void>((resolve, reject) => {
    onConnected = resolve;
    onEnded = reject;
  });
  const end = (error: Error): void => {
    ended ??= error;
    onEnded(ended);
    wakeAll();
  };

  // The client is created once the server's count of live subscriptions is known (see `ready`).
  let client: Client | undefined;
  let unsubscribe: () => void = () => {};
  let closed = false;
  const open = (): void => {
    client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      on: { connected: () => onConnected() },
    });
    unsubscribe = client.subscribe<T>(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (result) => {
          queue.push(result);
          wakeAll();
        },
        error: (error) => end(subscriptionError(error)),
        complete: () => end(new Error("the subscription completed")),
      },
    );
  };

  // `ready`: the connection is acknowledged and the server's pubsub listener for this subscription
  // is live (its /healthz count of established listeners went past the count read before we
  // connected; with Redis that means Redis confirmed the SUBSCRIBE). The subscriptions this process
  // opens on one server get live one after another, so each count step is this one's. A server
  // without that count gets a short settle instead.
  const healthUrl = healthUrlFor(wsUrl);
  const setup = (liveSetups.get(healthUrl) ?? Promise.resolve()).then(async () => {
    const baseline = await establishedListeners(healthUrl);
    if (closed) return;
    open();
    await connected;
    if (baseline === undefined) return sleep(SUBSCRIBE_SETTLE_MS);
    const deadline = Date.now() + LIVE_TIMEOUT_MS;
    while (!ended && !closed) {
      const now = await establishedListeners(healthUrl);
      if (now === undefined) return sleep(SUBSCRIBE_SETTLE_MS);
      if (now > baseline) return;
      if (Date.now() > deadline) throw new Error(`the subscription was not live on ${wsUrl} within ${LIVE_TIMEOUT_MS} ms`);
      await sleep(LIVE_POLL_MS);
    }
  });
  liveSetups.set(
    healthUrl,
    setup.catch(() => {}),
  );
  const ready = setup;
  // Marks the promise handled, so a test that never awaits `ready` gets no unhandled rejection;
  // awaiting it still rejects.
  ready.catch(() => {});

  const waitForChange = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiters.add(wake);
    });

  const next = async (timeoutMs = DEFAULT_WAIT_MS): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = queue.shift();
      if (result !== undefined) {
        if (result.errors?.length) throw new SubscriptionGraphQLErrors(result.errors as GqlError[], "subscription payload has errors");
        if (result.data === undefined || result.data === null) throw new Error("subscription payload without data");
        return result.data;
      }
      if (ended) throw ended;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no subscription payload within ${timeoutMs} ms`);
      await waitForChange(remaining);
    }
  };

  return {
    next,
    async take(n, timeoutMs = DEFAULT_WAIT_MS) {
      const deadline = Date.now() + timeoutMs;
      const results: T[] = [];
      while (results.length < n) {
        try {
          results.push(await next(Math.max(0, deadline - Date.now())));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`take(${n}): got ${results.length} payload(s) in ${timeoutMs} ms, then: ${reason}`, { cause: error });
        }
      }
      return results;
    },
    ready,
    async close() {
      closed = true;
      unsubscribe();
      await client?.dispose();
    },
  };
}

function describeErrors(errors: ReadonlyArray<{ message: string; extensions?: Record<string, unknown>; path?: unknown }>): string {
  return errors
    .map((error) => {
      const code = typeof error.extensions?.code === "string" ? error.extensions.code : "NO_CODE";
      return `[${code}] ${error.message}${error.path ? ` (at ${JSON.stringify(error.path)})` : ""}`;
    })
    .join("; ");
}

/** What `next()`/`ready` reject with when the server closed the socket (e.g. 4403 for a refused token). */
export class SubscriptionClosedError extends Error {
  constructor(
    readonly closeCode: number,
    readonly closeReason: string,
  ) {
    super(`WebSocket closed: ${closeCode} ${closeReason}`.trim());
  }
}

/**
 * What `next()` rejects with when the server answered with GraphQL errors: a validation error
 * (graphql-ws `error` message) or a payload with `errors` (e.g. the subscribe resolver refused
 * with FORBIDDEN).
 */
export class SubscriptionGraphQLErrors extends Error {
  constructor(
    readonly errors: GqlError[],
    prefix = "subscription rejected",
  ) {
    super(`${prefix}: ${describeErrors(errors)}`);
  }
}

// graphql-ws reports an Error, the server's GraphQL errors, or the socket's CloseEvent.
function subscriptionError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new SubscriptionGraphQLErrors(error as GqlError[]);
  if (typeof error === "object" && error !== null && "code" in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return new SubscriptionClosedError(Number(code), String(reason ?? ""));
  }
  return new Error(`subscription failed: ${JSON.stringify(error)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
