// The replica's log: one JSON object a line on stdout (pino), with `level` as a word and `time` as
// ISO 8601, so a collector needs no parser of ours; `npm start | npx pino-pretty` reads it in a
// terminal. Every line the server writes goes through here.
import { pino, type DestinationStream, type Level, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS: readonly (Level | "silent")[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * `destination` omitted: stdout, written synchronously: the server logs little (a request only at
 * debug, or when it failed), and a line written before a SIGKILL or a process.exit is a line kept.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ dest: 1, sync: true })): Logger {
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
