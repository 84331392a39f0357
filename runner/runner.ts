/**
 * Runyard runner: runs an agent command as a Runyard run and reports on it.
 *
 *   npm run runner -- --url URL --agent-token TOKEN --run RUN_ID [options] -- COMMAND [ARGS...]
 *
 * This is a pure client. It speaks GraphQL over HTTP (POST URL/graphql, "Authorization: Bearer
 * TOKEN") and imports nothing from the server, so it can run on any machine next to an agent.
 *
 * Lifecycle:
 *   1. claimRun with the runner's own pid. The claim comes first so that the command never does
 *      work for a run it cannot own.
 *   2. Write the workspace config to a fresh temp dir and spawn COMMAND (stdin and stderr are
 *      inherited, stdout is piped).
 *   3. Heartbeat with the child's pid right away, then every --heartbeat-interval-ms.
 *   4. Forward each `::state KEY=<json>` line on the child's stdout as runtime state, one at a time
 *      and in order. Every other line is echoed to our stdout unchanged.
 *   5. When the child exits: drain the state queue, stop heartbeating, then call finishRun.
 *
 * Child environment (on top of ours):
 *   RUNYARD_RUN_ID, RUNYARD_WORKSPACE_ID,
 *   RUNYARD_WORKSPACE_CONFIG          path of a JSON file holding the workspace config
 *   RUNYARD_WORKSPACE_CONFIG_VERSION  the config version at spawn time
 *
 * Workspace config handoff: when a heartbeat reports a workspaceConfigVersion newer than ours,
 * the runner fetches the workspace and replaces the file atomically (writes a temp file, then
 * renames it), so a reader sees either the whole old JSON or the whole new JSON. It then sends
 * --config-signal (if given) to the child, which should re-read $RUNYARD_WORKSPACE_CONFIG.
 * An env var cannot change after spawn, so RUNYARD_WORKSPACE_CONFIG_VERSION stays at the
 * initial version. Without --config-signal the child has to poll the file (for example by mtime).
 *
 * Stopping:
 *   - If a heartbeat says cancelRequested, the run is already CANCELLED on the server. Stop the
 *     child and do not finish.
 *   - If a heartbeat fails with INVALID_RUN_TRANSITION, the server thinks the run is over (LOST,
 *     or finished elsewhere). Stop the child and do not finish.
 *   - SIGINT/SIGTERM to the runner: forward SIGTERM to the child, then finish as CANCELLED. The
 *     signals are caught from the start: one that arrives while the claim is in flight waits for
 *     the claim's answer, then finishes the run as CANCELLED without starting the command (dying
 *     there would leave a RUNNING run with no runner until the reaper calls it LOST).
 *   "Stop the child" means SIGTERM, then SIGKILL if it is still alive after 5 s, sent to the
 *   child's whole process group: the command runs in a process group of its own, so a shell
 *   script or `npm run …` is stopped together with the processes it started (otherwise those
 *   would outlive it, keep its stdout open, and the runner would wait for them forever). Like
 *   `timeout(1)`, this means the command is not in the terminal's foreground group: Ctrl-C
 *   reaches the runner, which stops the command, and a command that reads from the terminal
 *   would be stopped by SIGTTIN (agents run unattended; give them stdin from a file or pipe).
 *
 * Exit codes: the child's exit code, or 128 + signal number if a signal killed it (SIGTERM gives
 * 143). There are these exceptions:
 *   1    the claim failed, or the run was lost and the child has no exit code of its own
 *   128+N signal N reached the runner before the command started (the run is CANCELLED)
 *   2    bad arguments
 *   127  the command could not be started (the run is finished as FAILED)
 * A finishRun that still fails after its retries is logged, and the exit code stays the same.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;
const KILL_GRACE_MS = 5_000;
/** Without a timeout, a hung server would stall the heartbeat loop forever. */
const REQUEST_TIMEOUT_MS = 10_000;
const FINISH_ATTEMPTS = 4;
const FINISH_RETRY_BASE_DELAY_MS = 500;
const EXIT_CLAIM_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_CANNOT_START = 127;
const STATE_LINE = /^::state ([A-Za-z0-9_.:-]+)=(.*)$/;

const USAGE = `Usage: runner --url URL --agent-token TOKEN --run RUN_ID [options] -- COMMAND [ARGS...]
       (from the repo: npm run runner -- --url URL ... -- COMMAND [ARGS...])

Claims Runyard run RUN_ID, runs COMMAND, heartbeats while it runs, forwards
"::state KEY=<json>" lines on its stdout as runtime state, and finishes the run
with its exit status. Exits with COMMAND's exit code.

Options:
  --url URL                  server base URL; requests go to URL/graphql (env RUNYARD_URL)
  --agent-token TOKEN        agent API token (env RUNYARD_AGENT_TOKEN)
  --run RUN_ID               id of the run to claim
  --runner-id ID             name of this runner (default: HOSTNAME:PID)
  --heartbeat-interval-ms N  heartbeat period in milliseconds (default: ${DEFAULT_HEARTBEAT_INTERVAL_MS})
  --config-signal SIGNAL     signal sent to COMMAND after its workspace config file
                             is updated, e.g. SIGHUP (default: none)
  --help                     show this help
`;

const CLAIM_MUTATION = `mutation Claim($input: ClaimRunInput!) {
  claimRun(input: $input) { run { id status } lease { id fencingToken expiresAt } workspace { id config configVersion } }
}`;
const HEARTBEAT_MUTATION = `mutation Beat($input: HeartbeatInput!) {
  heartbeat(input: $input) { run { id status } cancelRequested workspaceConfigVersion leaseExpiresAt }
}`;
const WORKSPACE_QUERY = `query Ws($id: ID!) { run(id: $id) { workspace { id config configVersion } } }`;
const SET_STATE_MUTATION = `mutation Set($input: SetRuntimeStateInput!) {
  setRuntimeState(input: $input) { key version }
}`;
const FINISH_MUTATION = `mutation Finish($input: FinishRunInput!) {
  finishRun(input: $input) { id status exitCode }
}`;

interface Options {
  url: string;
  token: string;
  runId: string;
  runnerId: string;
  heartbeatIntervalMs: number;
  configSignal: NodeJS.Signals | undefined;
  command: string;
  args: string[];
}

type ParsedArgs = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'invalid'; reason: string };

interface Workspace {
  id: string;
  config: unknown;
  configVersion: number;
}

interface Claim {
  run: { id: string; status: string };
  lease: { id: string; fencingToken: number; expiresAt: string };
  workspace: Workspace;
}

interface Heartbeat {
  run: { id: string; status: string };
  cancelRequested: boolean;
  workspaceConfigVersion: number;
  leaseExpiresAt: string;
}

interface FinishInput {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  exitCode?: number;
  error?: string;
}

interface FinishedRun {
  id: string;
  status: string;
  exitCode: number | null;
}

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

type StateLine =
  | { kind: 'passthrough' }
  | { kind: 'state'; key: string; value: unknown }
  | { kind: 'invalid'; key: string; reason: string };

/** Why we are stopping the child. The kind decides whether and how the run gets finished. */
type StopReason = { kind: 'signal'; signal: NodeJS.Signals } | { kind: 'cancelled' } | { kind: 'lost'; detail: string };

/** Mutable state shared by the heartbeat loop, the signal handlers and the exit path. */
interface Supervision {
  readonly opts: Options;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  readonly configFile: string;
  configVersion: number;
  stopReason: StopReason | null;
}

/**
 * SIGINT/SIGTERM, caught from the runner's first moment. Until the supervision takes over (once
 * the command runs), a signal is only remembered; the supervision then acts on it.
 */
class StopSignals {
  first: NodeJS.Signals | null = null;
  private handler: ((signal: NodeJS.Signals) => void) | null = null;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => this.receive(signal));
  }

  /** Hands every signal from now on to `handler`, starting with one already received. */
  takeOver(handler: (signal: NodeJS.Signals) => void): void {
    this.handler = handler;
    if (this.first !== null) handler(this.first);
  }

  private receive(signal: NodeJS.Signals): void {
    this.first ??= signal;
    if (this.handler !== null) this.handler(signal);
    else log(`received ${signal}; the run will be CANCELLED`);
  }
}

/** Thrown by `graphql`. `transient` marks failures worth retrying: the server was unreachable or answered 5xx without GraphQL errors. */
class GraphQLRequestError extends Error {
  readonly code: string;
  readonly transient: boolean;

  constructor(code: string, message: string, transient: boolean) {
    super(message);
    this.name = 'GraphQLRequestError';
    this.code = code;
    this.transient = transient;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function log(message: string): void {
  process.stderr.write(`[runyard-runner] ${message}\n`);
}

function formatError(err: unknown): string {
  if (err instanceof GraphQLRequestError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) {
    // fetch only says "fetch failed". The useful part (ECONNREFUSED, ...) is in the cause.
    return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
  }
  return String(err);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, reason: formatError(err) };
  }
}

function isSignal(name: string): name is NodeJS.Signals {
  return Object.hasOwn(osConstants.signals, name);
}

/** The child's exit code as a shell would report it: the code itself, or 128 + signal number. */
function exitCodeOf(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  return exit.signal === null ? 1 : 128 + osConstants.signals[exit.signal];
}

/** Writes to a temp file and renames it, so a reader never sees a half-written file. */
async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tempFile = `${file}.tmp`;
  await writeFile(tempFile, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tempFile, file);
}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const invalid = (reason: string): ParsedArgs => ({ kind: 'invalid', reason });
  const values = new Map<string, string>();
  const valueFlags = ['--url', '--agent-token', '--run', '--runner-id', '--heartbeat-interval-ms', '--config-signal'];
  const rest = [...argv];

  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    if (arg === '--') break;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (!arg.startsWith('-')) {
      // Like `env` and `nice`, the first non-option argument starts the command.
      rest.unshift(arg);
      break;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!valueFlags.includes(name)) return invalid(`unknown option ${name}`);
    const value = eq === -1 ? rest.shift() : arg.slice(eq + 1);
    if (value === undefined) return invalid(`${name} needs a value`);
    values.set(name, value);
  }

  // An empty value (e.g. an exported but empty env var) counts as missing.
  const url = (values.get('--url') || env.RUNYARD_URL || '').replace(/\/+$/, '');
  const token = values.get('--agent-token') || env.RUNYARD_AGENT_TOKEN || '';
  const runId = values.get('--run') ?? '';
  const [command, ...args] = rest;

  if (url === '') return invalid('missing --url (or RUNYARD_URL)');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return invalid(`--url must be an http(s) URL, got ${url}`);
  if (token === '') return invalid('missing --agent-token (or RUNYARD_AGENT_TOKEN)');
  if (runId === '') return invalid('missing --run');
  if (command === undefined || command === '') return invalid('missing the command to run (put it after --)');

  const interval = values.get('--heartbeat-interval-ms') ?? String(DEFAULT_HEARTBEAT_INTERVAL_MS);
  if (!/^[1-9][0-9]*$/.test(interval)) return invalid(`--heartbeat-interval-ms must be a positive integer, got ${interval}`);

  let configSignal: NodeJS.Signals | undefined;
  const signalArg = values.get('--config-signal');
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
      runnerId: values.get('--runner-id') || `${hostname()}:${process.pid}`,
      heartbeatIntervalMs: Number(interval),
      configSignal,
      command,
      args,
    },
  };
}

/** Classifies one stdout line from the child. `::state KEY=<json>` lines become runtime state. */
function parseStateLine(line: string): StateLine {
  const match = STATE_LINE.exec(line);
  if (match === null) return { kind: 'passthrough' };
  const [, key = '', json = ''] = match;
  const parsed = tryParseJson(json);
  return parsed.ok ? { kind: 'state', key, value: parsed.value } : { kind: 'invalid', key, reason: parsed.reason };
}

// ---------------------------------------------------------------------------------------------
// GraphQL

/** POSTs one operation. Returns `data`, or throws a GraphQLRequestError that carries a `code`. */
async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  let status: number;
  let text: string;
  try {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = res.status;
    text = await res.text();
  } catch (err) {
    throw new GraphQLRequestError('NETWORK_ERROR', `cannot reach ${url}/graphql: ${formatError(err)}`, true);
  }

  const parsed = tryParseJson(text);
  const body = parsed.ok ? parsed.value : undefined;
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
  const [first] = errors;
  if (first !== undefined) {
    const extensions = isRecord(first) ? first.extensions : undefined;
    const code = isRecord(extensions) && typeof extensions.code === 'string' ? extensions.code : 'GRAPHQL_ERROR';
    const messages = errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : JSON.stringify(e)));
    throw new GraphQLRequestError(code, messages.join('; '), false);
  }
  if (status < 200 || status >= 300) {
    throw new GraphQLRequestError(`HTTP_${status}`, `HTTP ${status} from ${url}/graphql`, status >= 500);
  }
  if (!isRecord(body) || !isRecord(body.data)) {
    throw new GraphQLRequestError('BAD_RESPONSE', `no data in the response from ${url}/graphql`, false);
  }
  // This client has no codegen, so the response shape is trusted to match the operation.
  return body.data as T;
}

async function claimRun(opts: Options): Promise<Claim> {
  const input = { runId: opts.runId, runnerId: opts.runnerId, pid: process.pid };
  const data = await graphql<{ claimRun: Claim }>(opts.url, opts.token, CLAIM_MUTATION, { input });
  return data.claimRun;
}

async function sendHeartbeat(opts: Options, pid: number): Promise<Heartbeat> {
  const input = { runId: opts.runId, pid };
  const data = await graphql<{ heartbeat: Heartbeat }>(opts.url, opts.token, HEARTBEAT_MUTATION, { input });
  return data.heartbeat;
}

async function fetchWorkspace(opts: Options): Promise<Workspace> {
  const data = await graphql<{ run: { workspace: Workspace } | null }>(opts.url, opts.token, WORKSPACE_QUERY, {
    id: opts.runId,
  });
  if (data.run === null) throw new Error(`run ${opts.runId} not found`);
  return data.run.workspace;
}

/** Sends one runtime state entry. It never rejects, so one failure cannot stall the queue behind it. */
async function forwardStateLine(opts: Options, key: string, value: unknown): Promise<void> {
  try {
    await graphql(opts.url, opts.token, SET_STATE_MUTATION, { input: { runId: opts.runId, key, value } });
  } catch (err) {
    log(`could not set runtime state ${key}: ${formatError(err)}`);
  }
}

/** Retries network failures only. A GraphQL error is the server's answer, and asking again won't change it. */
async function finishRun(opts: Options, input: FinishInput): Promise<FinishedRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      const variables = { input: { runId: opts.runId, ...input } };
      const data = await graphql<{ finishRun: FinishedRun }>(opts.url, opts.token, FINISH_MUTATION, variables);
      return data.finishRun;
    } catch (err) {
      if (!(err instanceof GraphQLRequestError) || !err.transient || attempt >= FINISH_ATTEMPTS) throw err;
      const delay = FINISH_RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
      log(`finishRun failed (${formatError(err)}); retrying in ${delay} ms`);
      await sleep(delay);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Child process supervision

/** Signals the child's process group (it leads one, see startChild), or the child alone if that fails. */
function signalChildGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) {
      process.kill(-child.pid, signal);
      return;
    }
  } catch {
    // ESRCH: the group is gone already. Fall through to the child itself, which is a no-op then.
  }
  child.kill(signal);
}

/** SIGTERM now, then SIGKILL if the child is still running after the grace period, to its whole process group. */
function stopChild(child: ChildProcess, exited: Promise<ChildExit>): void {
  signalChildGroup(child, 'SIGTERM');
  const killTimer = setTimeout(() => signalChildGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  void exited.then(() => clearTimeout(killTimer));
}

/**
 * Records why the child is stopping, and stops it the first time this is called. If the server
 * says the run is over (cancelled/lost), that replaces a local signal, because finishRun would be
 * refused anyway.
 */
function requestStop(sup: Supervision, reason: StopReason): void {
  const previous = sup.stopReason;
  if (previous !== null && !(previous.kind === 'signal' && reason.kind !== 'signal')) return;
  sup.stopReason = reason;
  if (reason.kind === 'signal') log(`received ${reason.signal}; stopping the command, the run will be CANCELLED`);
  if (reason.kind === 'cancelled') log('the run was cancelled through the API; stopping the command');
  if (reason.kind === 'lost') log(`the server considers the run over (${reason.detail}); stopping the command`);
  if (previous === null) stopChild(sup.child, sup.exited);
}

function childEnv(claim: Claim, configFile: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    RUNYARD_RUN_ID: claim.run.id,
    RUNYARD_WORKSPACE_ID: claim.workspace.id,
    RUNYARD_WORKSPACE_CONFIG: configFile,
    RUNYARD_WORKSPACE_CONFIG_VERSION: String(claim.workspace.configVersion),
  };
}

/** Writes the config file and spawns the command. Resolves once the OS has started it, and rejects if it could not (e.g. ENOENT). */
async function startChild(opts: Options, claim: Claim, configFile: string) {
  await writeJsonAtomic(configFile, claim.workspace.config);
  const child = spawn(opts.command, opts.args, {
    stdio: ['inherit', 'pipe', 'inherit'],
    env: childEnv(claim, configFile),
    // Its own process group, so stopping it stops everything it started.
    detached: true,
  });
  // 'close' (not 'exit') waits for stdout to end, so every ::state line has been queued by then.
  const exited = new Promise<ChildExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  await once(child, 'spawn');
  // An 'error' after spawn (e.g. a failed kill) must not crash the runner as an unhandled event.
  child.on('error', (err) => log(`command error: ${err.message}`));
  if (child.pid === undefined) throw new Error('spawned without a pid');
  return { child, exited, pid: child.pid };
}

/** Echoes the child's stdout and sends ::state lines one at a time. `drained()` resolves once every queued line has been sent. */
function relayChildStdout(opts: Options, stdout: Readable): { drained(): Promise<void> } {
  let queue = Promise.resolve();
  const lines = createInterface({ input: stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const parsed = parseStateLine(line);
    if (parsed.kind === 'state') {
      queue = queue.then(() => forwardStateLine(opts, parsed.key, parsed.value));
      return;
    }
    if (parsed.kind === 'invalid') log(`::state ${parsed.key}: value is not JSON (${parsed.reason}); passing the line through`);
    process.stdout.write(`${line}\n`);
  });
  return { drained: () => queue };
}

async function refreshWorkspaceConfig(sup: Supervision): Promise<void> {
  try {
    const workspace = await fetchWorkspace(sup.opts);
    // A read that lags behind the heartbeat changes nothing. The next heartbeat asks again.
    if (workspace.configVersion <= sup.configVersion) return;
    await writeJsonAtomic(sup.configFile, workspace.config);
    sup.configVersion = workspace.configVersion;
    log(`workspace config updated to version ${workspace.configVersion}`);
    if (sup.opts.configSignal !== undefined) sup.child.kill(sup.opts.configSignal);
  } catch (err) {
    log(`could not refresh the workspace config (will retry on the next heartbeat): ${formatError(err)}`);
  }
}

/** One heartbeat and the reaction to its answer. Never rejects: the heartbeat loop must survive any failure. */
async function heartbeatOnce(sup: Supervision): Promise<void> {
  let beat: Heartbeat;
  try {
    beat = await sendHeartbeat(sup.opts, sup.pid);
  } catch (err) {
    if (err instanceof GraphQLRequestError && err.code === 'INVALID_RUN_TRANSITION') {
      requestStop(sup, { kind: 'lost', detail: formatError(err) });
    } else {
      log(`heartbeat failed (will retry): ${formatError(err)}`);
    }
    return;
  }
  if (beat.cancelRequested) {
    requestStop(sup, { kind: 'cancelled' });
  } else if (sup.stopReason === null && beat.workspaceConfigVersion > sup.configVersion) {
    await refreshWorkspaceConfig(sup);
  }
}

/** Heartbeats now and then every interval. The next beat is timed from the end of the previous one, so beats never overlap. */
function startHeartbeats(sup: Supervision): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = Promise.resolve();
  const beat = (): void => {
    inFlight = heartbeatOnce(sup).then(() => {
      if (!stopped) timer = setTimeout(beat, sup.opts.heartbeatIntervalMs);
    });
  };
  beat();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

/** Chooses how to finish a run that ended normally or because of a signal sent to the runner. */
function finishInputFor(exit: ChildExit, reason: { kind: 'signal' } | null): FinishInput {
  const exitCode = exitCodeOf(exit);
  if (reason !== null) return { status: 'CANCELLED', exitCode };
  if (exit.signal !== null) return { status: 'FAILED', exitCode, error: `killed by ${exit.signal}` };
  return exitCode === 0 ? { status: 'SUCCEEDED', exitCode } : { status: 'FAILED', exitCode };
}

/** Reports the outcome, unless the server already ended the run, and returns the runner's exit code. */
async function concludeRun(sup: Supervision, exit: ChildExit): Promise<number> {
  const reason = sup.stopReason;
  if (reason?.kind === 'cancelled') return exitCodeOf(exit);
  if (reason?.kind === 'lost') return exit.code ?? 1;
  try {
    const run = await finishRun(sup.opts, finishInputFor(exit, reason));
    log(`run ${run.id} finished as ${run.status}`);
  } catch (err) {
    log(`could not finish run ${sup.opts.runId}: ${formatError(err)}`);
  }
  return exitCodeOf(exit);
}

async function superviseRun(opts: Options, claim: Claim, tempDir: string, signals: StopSignals): Promise<number> {
  if (signals.first !== null) {
    // Stopped before the command started: nothing to stop, only the run to end.
    const signal = signals.first;
    const exitCode = 128 + osConstants.signals[signal];
    await finishRun(opts, { status: 'CANCELLED', exitCode, error: `the runner received ${signal} before the command started` }).then(
      (run) => log(`run ${run.id} finished as ${run.status}`),
      (err: unknown) => log(`could not finish run ${opts.runId}: ${formatError(err)}`),
    );
    return exitCode;
  }
  const configFile = join(tempDir, 'workspace-config.json');
  let started: Awaited<ReturnType<typeof startChild>>;
  try {
    started = await startChild(opts, claim, configFile);
  } catch (err) {
    const error = `could not start ${opts.command}: ${formatError(err)}`;
    log(error);
    await finishRun(opts, { status: 'FAILED', error }).catch((e: unknown) => log(`could not finish run: ${formatError(e)}`));
    return EXIT_CANNOT_START;
  }

  const sup: Supervision = {
    opts,
    child: started.child,
    pid: started.pid,
    exited: started.exited,
    configFile,
    configVersion: claim.workspace.configVersion,
    stopReason: null,
  };
  signals.takeOver((signal) => requestStop(sup, { kind: 'signal', signal }));
  const state = relayChildStdout(opts, started.child.stdout);
  const heartbeats = startHeartbeats(sup);

  const exit = await sup.exited;
  // Drain before we stop heartbeating, so the lease stays alive while buffered state is sent.
  await state.drained();
  await heartbeats.stop();
  return concludeRun(sup, exit);
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`runner: ${parsed.reason}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const opts = parsed.options;
  const signals = new StopSignals();

  // Create the temp dir before claiming: if this fails, it should fail before we own a run.
  const tempDir = await mkdtemp(join(tmpdir(), 'runyard-run-'));
  try {
    let claim: Claim;
    try {
      claim = await claimRun(opts);
    } catch (err) {
      log(`could not claim run ${opts.runId}: ${formatError(err)}`);
      return EXIT_CLAIM_FAILED;
    }
    log(`claimed run ${claim.run.id} (${claim.run.status}), lease fencing token ${claim.lease.fencingToken}`);
    return await superviseRun(opts, claim, tempDir, signals);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Exits only after stdout has flushed, so the child's last echoed lines are not lost when stdout is a pipe. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exitAfterFlush, (err: unknown) => {
  log(`unexpected failure: ${formatError(err)}`);
  exitAfterFlush(1);
});
