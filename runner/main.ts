// The runner's entry point: parse the command line, claim the run, supervise it, exit with the child's code.
/*
 * This is a pure client. It speaks GraphQL over HTTP and imports nothing from the server, so it
 * can run on any machine next to an agent. Lifecycle:
 *   1. claimRun with the runner's own pid. The claim comes first so that the command never does
 *      work for a run it cannot own. A run that must wait (its workspace busy, its agent at
 *      capacity, its environment full) is asked for again with backoff, up to --wait-seconds.
 *      Without --run the pool (pool.ts) claims the agent's next runs instead.
 *   2. Write the workspace config to a fresh temp dir and spawn COMMAND (supervise.ts, child.ts).
 *   3. Heartbeat with the child's pid right away, then every --heartbeat-interval-ms.
 *   4. Forward each `::state KEY=<json>` line on the child's stdout as runtime state (state-lines.ts).
 *   5. When the child exits: drain the state queue, stop heartbeating, then call finishRun.
 *
 * Exit codes: the child's exit code, or 128 + signal number if a signal killed it (SIGTERM gives
 * 143). There are these exceptions:
 *   1    the claim failed (or still had to wait after --wait-seconds), or the run was lost and
 *        the child has no exit code of its own
 *   128+N signal N reached the runner before the command started (the run is CANCELLED, or
 *        stays QUEUED if it was not claimed yet)
 *   2    bad arguments
 *   127  the command could not be started (the run is finished as FAILED)
 */
import { constants as osConstants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { StopSignals } from './child.js';
import { parseCommandLine, USAGE, type Options } from './cli.js';
import { RunyardClient, type Claim } from './client.js';
import { formatError, GraphQLRequestError, log } from './log.js';
import { servePool } from './pool.js';
import { superviseRun, withRunDir } from './supervise.js';

const EXIT_CLAIM_FAILED = 1;
const EXIT_USAGE = 2;
/** Refusals that leave the run QUEUED and end by themselves: another run ends, a slot frees, a provider's breaker closes. */
const WAIT_CODES = new Set(['WORKSPACE_BUSY', 'AGENT_AT_CAPACITY', 'LEASE_UNAVAILABLE', 'PROVIDER_UNAVAILABLE']);
const CLAIM_RETRY_BASE_DELAY_MS = 250;
const CLAIM_RETRY_MAX_DELAY_MS = 5_000;

/**
 * Claims the run, asking again while the server says it must wait, until --wait-seconds have
 * passed. A signal meanwhile ends the wait with the run still QUEUED (`stopped`).
 */
async function claimWhenAdmitted(opts: Options, client: RunyardClient, signals: StopSignals): Promise<Claim | { stopped: NodeJS.Signals }> {
  const deadline = Date.now() + opts.waitSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.claimRun(opts.runnerId, process.pid);
    } catch (err) {
      const delay = Math.min(CLAIM_RETRY_BASE_DELAY_MS * 2 ** attempt, CLAIM_RETRY_MAX_DELAY_MS, deadline - Date.now());
      if (!(err instanceof GraphQLRequestError) || !WAIT_CODES.has(err.code) || delay <= 0) throw err;
      log(`run ${client.runId} must wait (${formatError(err)}); asking again in ${delay} ms`);
      const signal = await Promise.race([sleep(delay).then(() => null), signals.requested]);
      if (signal !== null) return { stopped: signal };
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCommandLine(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`runyard-runner: ${parsed.reason}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const opts = parsed.options;
  const signals = new StopSignals();
  if (opts.runId === null) return servePool(opts, signals);
  const client = new RunyardClient(opts.url, opts.token, opts.runId);

  return withRunDir(async (runDir) => {
    let claim: Claim;
    try {
      const claimed = await claimWhenAdmitted(opts, client, signals);
      if ('stopped' in claimed) {
        log(`received ${claimed.stopped} while waiting; run ${client.runId} stays QUEUED`);
        return 128 + osConstants.signals[claimed.stopped];
      }
      claim = claimed;
    } catch (err) {
      log(`could not claim run ${client.runId}: ${formatError(err)}`);
      return EXIT_CLAIM_FAILED;
    }
    log(`claimed run ${claim.run.id} (${claim.run.status}), lease fencing token ${claim.lease.fencingToken}`);
    return superviseRun(opts, client, claim, runDir, signals);
  });
}

/** Runs `main` and exits only after stdout has flushed, so the child's last echoed lines are not lost when stdout is a pipe. */
export function runAndExit(argv: readonly string[]): void {
  const exitAfterFlush = (code: number): void => {
    process.stdout.write('', () => process.exit(code));
  };
  main(argv).then(exitAfterFlush, (err: unknown) => {
    log(`unexpected failure: ${formatError(err)}`);
    exitAfterFlush(1);
  });
}
