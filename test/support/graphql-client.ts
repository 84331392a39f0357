// Minimal GraphQL clients for tests: HTTP POST for queries and mutations, graphql-ws for subscriptions.
import { createClient, type FormattedExecutionResult } from "graphql-ws";
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
// Without this pause an event published right after `ready` could be missed.
const SUBSCRIBE_SETTLE_MS = 150;

/** POSTs to `${url}/graphql` and returns the parsed body whatever the HTTP status. */
export async function gql<T = unknown>(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  try {
    return JSON.parse(text) as GqlResponse<T>;
  } catch {
    throw new Error(`POST ${url}/graphql answered ${response.status} with a non-JSON body: ${text.slice(0, 500)}`);
  }
}

/** Like gql, but returns `data` and throws (listing the error codes) if there are errors. */
export async function gqlData<T = unknown>(
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const { data, errors } = await gql<T>(url, token, query, variables);
  if (errors?.length) throw new Error(`GraphQL errors: ${describeErrors(errors)}`);
  if (data === undefined || data === null) throw new Error("GraphQL response has neither data nor errors");
  return data;
}

export interface Subscription<T> {
  /** The next payload's data; rejects on timeout, on a payload with errors, or if the subscription ended. */
  next(timeoutMs?: number): Promise<T>;
  /** The next n payloads, all within timeoutMs. */
  take(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once the server acknowledged the connection and (after a short settle) the subscription. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function subscribe<T>(
  wsUrl: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Subscription<T> {
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

  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { connected: () => onConnected() },
  });
  const unsubscribe = client.subscribe<T>(
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

  const ready = connected.then(() => sleep(SUBSCRIBE_SETTLE_MS));
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
        if (result.errors?.length) throw new Error(`subscription payload has errors: ${describeErrors(result.errors)}`);
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
      unsubscribe();
      await client.dispose();
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

// graphql-ws reports an Error, the server's GraphQL errors, or the socket's CloseEvent.
function subscriptionError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new Error(`subscription rejected: ${describeErrors(error as GqlError[])}`);
  if (typeof error === "object" && error !== null && "code" in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return new Error(`WebSocket closed: ${String(code)} ${String(reason ?? "")}`.trim());
  }
  return new Error(`subscription failed: ${JSON.stringify(error)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
