// The replica's periodic work (the reaper, the scheduler): one loop shape for both.
import type { Logger } from "pino";

/**
 * Runs `work` at once, then every `intervalMs`: ticks start `intervalMs` apart (a slow tick
 * shortens the pause after it) and never overlap. A tick that fails is logged as `what: message`
 * and the next one runs as usual. `stop()` waits for the tick in progress.
 */
export function repeatEvery(intervalMs: number, what: string, log: Logger, work: () => Promise<unknown>): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    const startedAt = Date.now();
    running = work()
      .then(() => undefined)
      .catch((err: Error) => log.error({ err }, `${what}: ${err.message}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, Math.max(0, startedAt + intervalMs - Date.now()));
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
