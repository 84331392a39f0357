// The replica's log: one JSON object a line on stdout (pino), with `level` as a word and `time` as
// ISO 8601, so a collector needs no parser of ours; `npm start | npx pino-pretty` reads it in a
// terminal. Every line the server writes goes through here.
import { pino, type DestinationStream, type Level, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS: readonly (Level | "silent")[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * What stdout may hold unwritten before lines are dropped: a stalled reader (a log shipper, a
 * paused terminal) must not stop the replica. Written synchronously, the first line past the pipe's
 * 64 KiB blocked the event loop (heartbeats, leases, /healthz with it); buffered without a bound,
 * memory would grow instead. What is buffered is written out at exit.
 */
const STDOUT_BUFFER_BYTES = 1 << 20;

/** `destination` omitted: stdout, asynchronously, bounded (STDOUT_BUFFER_BYTES). */
export function createLogger(
  level: string,
  destination: DestinationStream = pino.destination({ dest: 1, sync: false, maxLength: STDOUT_BUFFER_BYTES }),
): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The process is in `replica` (host:pid:random); pid and hostname again would only repeat it.
      base: undefined,
    },
    destination,
  );
}

/** What a pino destination (SonicBoom) offers for its end: end(), then 'close' once all is written. */
interface EndableStream {
  end(): void;
  once(event: "close", listener: () => void): void;
  destroyed: boolean;
}

function isEndable(stream: unknown): stream is EndableStream {
  const s = stream as Partial<EndableStream> | undefined;
  return typeof s?.end === "function" && typeof s.once === "function" && s.destroyed === false;
}

/**
 * Resolves once every line logged so far is written, or after `timeoutMs` (a reader that stalled
 * must not hold the exit): process.exit() drops an asynchronous write still in flight, and the
 * lost line was the last one, "stopped". Log nothing after it.
 */
export function logWritten(log: Logger, timeoutMs = 2_000): Promise<void> {
  const stream: unknown = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (!isEndable(stream)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    stream.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    stream.end();
  });
}
