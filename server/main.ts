// The server entry: read the config, build the replica, serve, drain on SIGTERM/SIGINT. A start
// that cannot succeed says why in one line and exits 1.
import { createRunyard, type Runyard } from "./app.js";
import { readConfig } from "./config.js";
import { createLogger, logWritten } from "./logger.js";

// At info until the config is read: a bad LOG_LEVEL is itself reported through it.
const log = createLogger("info");
/** Exits once the log's last lines are out; the first caller's line is the last (nothing is logged after it). */
let exiting = false;
const exitWith = (code: number, last: () => void): void => {
  if (exiting) return;
  exiting = true;
  last();
  void logWritten(log).then(() => process.exit(code));
};

let app: Runyard | undefined;
try {
  const config = readConfig();
  log.level = config.logLevel;
  app = await createRunyard(config, { logger: log });
  await app.start();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: draining`);
    setTimeout(() => exitWith(1, () => log.error("drain took too long; exiting")), config.drainTimeoutMs).unref();
    app!.stop().then(
      () => exitWith(0, () => log.info("stopped")),
      (err: Error) => exitWith(1, () => log.error(`stopped, with errors: ${err.message}`)),
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (err) {
  // One line, no stack: what failed and, for a knob, which variable to fix.
  log.fatal(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
  await app?.stop().catch(() => undefined);
  exitWith(1, () => undefined);
}
