// The pool: serves the token's agent, claiming its next runs (claimNextRun) with up to --concurrency commands at once, and drains on SIGTERM.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StopRequest, type StopSignals } from './child.js';
import type { Options } from './cli.js';
import { claimNextRun, RunyardClient, type Claim } from './client.js';
import { formatError, GraphQLRequestError, log } from './log.js';
import { superviseRun } from './supervise.js';

const EXIT_REFUSED = 1;
/** Answers that asking again will not change: the token or the options are wrong. */
const FATAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT']);
const RETRY_BASE_DELAY_MS = 500;
const RETRY_MAX_DELAY_MS = 10_000;
/**
 * An empty answer that came this quickly (--wait-seconds 0, or a draining replica, which answers
 * its waiting calls at once) is followed by a pause, so the runner does not spin on the server.
 */
const QUICK_EMPTY_ANSWER_PAUSE_MS = 1_000;

/**
 * Serves until a signal, then drains: no new claims; running commands get --drain-timeout-ms to
 * finish, then the rest are stopped as a signal stops them in the single-run mode (CANCELLED).
 * A second signal stops them at once. Exits 0, or 1 when the server refused the runner itself.
 */
export async function servePool(opts: Options, signals: StopSignals): Promise<number> {
  const running = new Map<Promise<void>, StopRequest>();
  let drainTimer: NodeJS.Timeout | undefined;
  const stopAll = (signal: NodeJS.Signals): void => {
    for (const stop of running.values()) stop.request(signal);
  };
  signals.takeOver((signal) => {
    if (drainTimer !== undefined) {
      log(`received ${signal} again; stopping the ${running.size} running command(s) now`);
      stopAll(signal);
      return;
    }
    log(`received ${signal}; no new claims, ${running.size} running command(s) get ${opts.drainTimeoutMs} ms to finish`);
    drainTimer = setTimeout(() => {
      if (running.size > 0) log(`drain timeout: stopping the ${running.size} command(s) still running; their runs will be CANCELLED`);
      stopAll(signal);
    }, opts.drainTimeoutMs);
  });

  let exitCode = 0;
  let failures = 0;
  while (signals.first === null) {
    if (running.size >= opts.concurrency) {
      await Promise.race([...running.keys(), signals.requested]);
      continue;
    }
    // Made before the claim: if that fails, it fails before we own a run.
    const runDir = await mkdtemp(join(tmpdir(), 'runyard-run-'));
    let claim: Claim | null;
    const askedAt = Date.now();
    try {
      // Not cut short by a signal: the answer may hold a run the server has claimed for us.
      claim = await claimNextRun(opts.url, opts.token, { runnerId: opts.runnerId, pid: process.pid, waitSeconds: opts.waitSeconds });
      failures = 0;
    } catch (err) {
      await rm(runDir, { recursive: true, force: true });
      if (err instanceof GraphQLRequestError && FATAL_CODES.has(err.code)) {
        log(`the server refused to hand this runner runs: ${formatError(err)}`);
        exitCode = EXIT_REFUSED;
        break;
      }
      const delay = Math.min(RETRY_BASE_DELAY_MS * 2 ** failures++, RETRY_MAX_DELAY_MS);
      log(`claimNextRun failed (${formatError(err)}); asking again in ${delay} ms`);
      await Promise.race([sleep(delay), signals.requested]);
      continue;
    }
    if (claim === null) {
      await rm(runDir, { recursive: true, force: true });
      if (Date.now() - askedAt < QUICK_EMPTY_ANSWER_PAUSE_MS) await Promise.race([sleep(QUICK_EMPTY_ANSWER_PAUSE_MS), signals.requested]);
      continue;
    }
    log(`claimed run ${claim.run.id} (${claim.run.status}), lease fencing token ${claim.lease.fencingToken}`);
    const stop = new StopRequest();
    // Handed a run while draining: superviseRun finishes it CANCELLED without starting the command.
    if (signals.first !== null) stop.request(signals.first);
    const supervised: Promise<void> = superviseRun(opts, new RunyardClient(opts.url, opts.token, claim.run.id), claim, runDir, stop)
      .then(
        (code) => log(`run ${claim.run.id}: the command is done (exit code ${code})`),
        (err: unknown) => log(`run ${claim.run.id}: unexpected failure: ${formatError(err)}`),
      )
      .finally(async () => {
        running.delete(supervised);
        await rm(runDir, { recursive: true, force: true });
      });
    running.set(supervised, stop);
  }

  await Promise.all(running.keys());
  clearTimeout(drainTimer);
  return exitCode;
}
