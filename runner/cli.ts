// The command line: options (node:util parseArgs), the environment fallbacks and the --help text.
import { hostname, constants as osConstants } from 'node:os';
import { parseArgs } from 'node:util';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
export const DEFAULT_WAIT_SECONDS = 20;
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
export const DEFAULT_LOG_FLUSH_TIMEOUT_MS = 30_000;
/** The server's bound on one claimNextRun wait. */
const MAX_WAIT_SECONDS = 60;

export const USAGE = `Usage: runyard-runner --url URL --run RUN_ID [options] -- COMMAND [ARGS...]
       runyard-runner --url URL [--concurrency N] [options] -- COMMAND [ARGS...]
       (from the repo: npm run runner -- --url URL ... -- COMMAND [ARGS...])

With --run: claims Runyard run RUN_ID (waiting while it is not admitted or its
environment is full), runs COMMAND, heartbeats while it runs, forwards
"::state KEY=<json>" lines on its stdout as runtime state, sends the rest of its
output (stdout and stderr) to the run's log, and finishes the run with its exit
status. Exits with COMMAND's exit code.

Without --run: serves the token's agent. Claims its next runs (claimNextRun),
up to --concurrency at once, and runs COMMAND for each as above. On SIGTERM or
SIGINT it stops claiming, lets running commands finish within
--drain-timeout-ms, then stops the rest (their runs are CANCELLED) and exits 0.

Pass the agent token in RUNYARD_AGENT_TOKEN: a token on the command line is
visible to other users (ps) and npm echoes it when run through \`npm run\`.

Options:
  --url URL                  server base URL; requests go to URL/graphql (env RUNYARD_URL)
  --agent-token TOKEN        agent API token; prefer env RUNYARD_AGENT_TOKEN (see above)
  --run RUN_ID               id of the run to claim; without it, serve the agent
  --wait-seconds N           with --run: how long to retry a claim that must wait;
                             without: how long one claimNextRun waits for a run
                             (0-${MAX_WAIT_SECONDS}, default: ${DEFAULT_WAIT_SECONDS})
  --concurrency N            without --run: commands running at once (default: 1)
  --drain-timeout-ms N       without --run: how long running commands may take to
                             finish after SIGTERM (default: ${DEFAULT_DRAIN_TIMEOUT_MS})
  --runner-id ID             name of this runner (default: HOSTNAME:PID)
  --heartbeat-interval-ms N  heartbeat period in milliseconds (default: ${DEFAULT_HEARTBEAT_INTERVAL_MS})
  --log-flush-timeout-ms N   how long the command's last output lines may take to
                             reach the server before the run is finished anyway
                             (default: ${DEFAULT_LOG_FLUSH_TIMEOUT_MS})
  --config-signal SIGNAL     signal sent to COMMAND after its workspace config file
                             is updated, e.g. SIGHUP (default: none)
  --help                     show this help
`;

export interface Options {
  url: string;
  token: string;
  /** Null: serve the agent (the pool). */
  runId: string | null;
  runnerId: string;
  waitSeconds: number;
  concurrency: number;
  drainTimeoutMs: number;
  heartbeatIntervalMs: number;
  logFlushTimeoutMs: number;
  configSignal: NodeJS.Signals | undefined;
  command: string;
  args: string[];
}

export type ParsedArgs = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'invalid'; reason: string };

const OPTIONS = {
  url: { type: 'string' },
  'agent-token': { type: 'string' },
  run: { type: 'string' },
  'wait-seconds': { type: 'string' },
  concurrency: { type: 'string' },
  'drain-timeout-ms': { type: 'string' },
  'runner-id': { type: 'string' },
  'heartbeat-interval-ms': { type: 'string' },
  'log-flush-timeout-ms': { type: 'string' },
  'config-signal': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function isSignal(name: string): name is NodeJS.Signals {
  return Object.hasOwn(osConstants.signals, name);
}

/**
 * Where the command starts: after `--`, or, like `env` and `nice`, at the first non-option
 * argument. parseArgs alone would read the command's own flags as ours, so a lenient pass finds
 * the boundary and the strict pass only sees what comes before it.
 */
function commandStart(argv: string[]): number {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const boundary = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  if (boundary === undefined) return argv.length;
  return boundary.kind === 'option-terminator' ? boundary.index + 1 : boundary.index;
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const invalid = (reason: string): ParsedArgs => ({ kind: 'invalid', reason });
  const all = [...argv];
  const start = commandStart(all);
  const ours = all.slice(0, start);
  const [command, ...args] = all.slice(start);

  let values;
  try {
    ({ values } = parseArgs({ args: ours, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    return invalid(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { kind: 'help' };

  // An empty value (e.g. an exported but empty env var) counts as missing.
  const url = (values.url || env.RUNYARD_URL || '').replace(/\/+$/, '');
  const token = values['agent-token'] || env.RUNYARD_AGENT_TOKEN || '';
  const runId = values.run ?? null;

  if (url === '') return invalid('missing --url (or RUNYARD_URL)');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return invalid(`--url must be an http(s) URL, got ${url}`);
  if (token === '') return invalid('missing RUNYARD_AGENT_TOKEN (or --agent-token)');
  if (runId === '') return invalid('--run needs a run id');
  if (command === undefined || command === '') return invalid('missing the command to run (put it after --)');

  const interval = values['heartbeat-interval-ms'] ?? String(DEFAULT_HEARTBEAT_INTERVAL_MS);
  if (!/^[1-9][0-9]*$/.test(interval)) return invalid(`--heartbeat-interval-ms must be a positive integer, got ${interval}`);
  const concurrency = values.concurrency ?? '1';
  if (!/^[1-9][0-9]*$/.test(concurrency)) return invalid(`--concurrency must be a positive integer, got ${concurrency}`);
  const drainTimeout = values['drain-timeout-ms'] ?? String(DEFAULT_DRAIN_TIMEOUT_MS);
  if (!/^[0-9]+$/.test(drainTimeout)) return invalid(`--drain-timeout-ms must be a non-negative integer, got ${drainTimeout}`);
  const logFlushTimeout = values['log-flush-timeout-ms'] ?? String(DEFAULT_LOG_FLUSH_TIMEOUT_MS);
  if (!/^[0-9]+$/.test(logFlushTimeout)) return invalid(`--log-flush-timeout-ms must be a non-negative integer, got ${logFlushTimeout}`);
  const wait = values['wait-seconds'] ?? String(DEFAULT_WAIT_SECONDS);
  if (!/^[0-9]+$/.test(wait) || Number(wait) > MAX_WAIT_SECONDS) return invalid(`--wait-seconds must be an integer from 0 to ${MAX_WAIT_SECONDS}, got ${wait}`);

  let configSignal: NodeJS.Signals | undefined;
  const signalArg = values['config-signal'];
  if (signalArg !== undefined) {
    const upper = signalArg.toUpperCase();
    const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
    if (!isSignal(name)) return invalid(`--config-signal: unknown signal ${signalArg}`);
    configSignal = name;
  }

  return {
    kind: 'run',
    options: {
      url,
      token,
      runId,
      runnerId: values['runner-id'] || `${hostname()}:${process.pid}`,
      waitSeconds: Number(wait),
      concurrency: Number(concurrency),
      drainTimeoutMs: Number(drainTimeout),
      heartbeatIntervalMs: Number(interval),
      logFlushTimeoutMs: Number(logFlushTimeout),
      configSignal,
      command,
      args,
    },
  };
}
