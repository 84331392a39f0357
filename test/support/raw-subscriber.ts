// A graphql-ws subscriber spoken by hand over a bare `ws` socket, for what graphql-ws's own client
// cannot do: stop reading (pause) like a stalled client, and report the close code it finally
// reads. Tests and benchmarks share it. It subscribes to one operation, `subscriptions` times on
// the one socket (ids "1", "2", …: each event then arrives that many times).
import WebSocket from "ws";

export interface RawSubscriber {
  /** Resolves once the server acknowledged the connection and the subscribe messages are sent. */
  subscribed: Promise<void>;
  /** Data payloads read so far, in order. */
  payloads: unknown[];
  /** When each of `payloads` was read (performance.now()), for latency figures. */
  receivedAt: number[];
  /** Resolves once `count` payloads have been read; rejects if the socket closes first. */
  payloadsRead(count: number): Promise<void>;
  /** Resolves with the close code and reason once the socket has closed (whoever closed it). */
  closed: Promise<{ code: number; reason: string }>;
  /** Stops reading from the socket: what the server sends piles up in its buffers. */
  pause(): void;
  /** Reads again (everything the server managed to send, then its close frame if it closed). */
  resume(): void;
  /** Drops the connection at once (a paused socket could not finish a closing handshake). */
  terminate(): void;
}

export function openRawSubscriber(wsUrl: string, token: string, query: string, variables: Record<string, unknown>, subscriptions = 1): RawSubscriber {
  const socket = new WebSocket(wsUrl, "graphql-transport-ws");
  const payloads: unknown[] = [];
  const receivedAt: number[] = [];
  const readers = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") }));
  });
  const subscribed = new Promise<void>((resolve, reject) => {
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === "connection_ack") {
        for (let id = 1; id <= subscriptions; id++) socket.send(JSON.stringify({ id: String(id), type: "subscribe", payload: { query, variables } }));
        resolve();
      } else if (message.type === "next") {
        receivedAt.push(performance.now());
        payloads.push(message.payload);
        for (const wake of [...readers]) wake();
      } else if (message.type === "ping") {
        socket.send(JSON.stringify({ type: "pong" }));
      }
    });
    socket.once("error", reject);
    void closed.then(({ code, reason }) => reject(new Error(`closed before the connection was acknowledged: ${code} ${reason}`)));
  });
  subscribed.catch(() => {});
  const payloadsRead = (count: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (payloads.length < count) return;
        readers.delete(check);
        resolve();
      };
      readers.add(check);
      check();
      void closed.then(({ code }) => reject(new Error(`closed (${code}) after ${payloads.length} of ${count} payloads`)));
    });
  return {
    subscribed,
    payloads,
    receivedAt,
    payloadsRead,
    closed,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    terminate: () => socket.terminate(),
  };
}
