// The server entry: read the config, build the replica, serve, drain on SIGTERM/SIGINT. A start
// that cannot succeed says why in one line and exits 1.
import { createRunyard, type Runyard } from "./app.js";
import { readConfig } from "./config.js";
import { createLogger } from "./logger.js";

// At info until the config is read: a bad LOG_LEVEL is itself reported through it.
const log = createLogger("info");

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
    setTimeout(() => {
      log.error("drain took too long; exiting");
      process.exit(1);
    }, config.drainTimeoutMs).unref();
    app!.stop().then(
      () => {
        log.info("stopped");
        process.exit(0);
      },
      (err: Error) => {
        log.error(`stopped, with errors: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (err) {
  // One line, no stack: what failed and, for a knob, which variable to fix.
  log.fatal(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
  await app?.stop().catch(() => undefined);
  process.exit(1);
}
