// The server entry: read the config, build the replica, serve, drain on SIGTERM/SIGINT. A start
// that cannot succeed says why in one line and exits 1.
import { createRunyard, type Runyard } from "./app.js";
import { readConfig } from "./config.js";

const log = (msg: string) => console.log(`[runyard] ${msg}`);

let app: Runyard | undefined;
try {
  const config = readConfig();
  app = await createRunyard(config, { log });
  await app.start();

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: draining`);
    setTimeout(() => {
      log("drain took too long; exiting");
      process.exit(1);
    }, config.drainTimeoutMs).unref();
    app!.stop().then(
      () => {
        log("stopped");
        process.exit(0);
      },
      (err: Error) => {
        log(`stopped, with errors: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (err) {
  // One line, no stack: what failed and, for a knob, which variable to fix.
  console.error(`[runyard] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  await app?.stop().catch(() => undefined);
  process.exit(1);
}
