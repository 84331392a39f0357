// The runner's entry point: parse the command line, claim the run, supervise it, exit with the child's code.
/*
 * This is a pure client. It speaks GraphQL over HTTP and imports nothing from the server, so it
 * can run on any machine next to an agent. Lifecycle:
 *   1. claimRun with the runner's own pid. The claim comes first so that the command never does
 *      work for a run it cannot own.
 *   2. Write the workspace config to a fresh temp dir and spawn COMMAND (supervise.ts, child.ts).
 *   3. Heartbeat with the child's pid right away, then every --heartbeat-interval-ms.
 *   4. Forward each `::state KEY=<json>` line on the child's stdout as runtime state (state-lines.ts).
 *   5. When the child exits: drain the state queue, stop heartbeating, then call finishRun.
 *
 * Exit codes: the child's exit code, or 128 + signal number if a signal killed it (SIGTERM gives
 * 143). There are these exceptions:
 *   1    the claim failed, or the run was lost and the child has no exit code of its own
 *   128+N signal N reached the runner before the command started (the run is CANCELLED)
 *   2    bad arguments
 *   127  the command could not be started (the run is finished as FAILED)
 */
import { StopSignals } from './child.js';
import { parseCommandLine, USAGE } from './cli.js';
import { RunyardClient, type Claim } from './client.js';
import { formatError, log } from './log.js';
import { superviseRun, withRunDir } from './supervise.js';

const EXIT_CLAIM_FAILED = 1;
const EXIT_USAGE = 2;

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
  const client = new RunyardClient(opts.url, opts.token, opts.runId);

  return withRunDir(async (runDir) => {
    let claim: Claim;
    try {
      claim = await client.claimRun(opts.runnerId, process.pid);
    } catch (err) {
      log(`could not claim run ${opts.runId}: ${formatError(err)}`);
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
