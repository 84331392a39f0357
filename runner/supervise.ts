// One claimed run: starts the command, heartbeats with its pid, reacts to cancels and config changes, and finishes the run.
import { access, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeOf, startChild, stopChild, type ChildExit, type StartedChild, type StopRequest } from './child.js';
import type { Options } from './cli.js';
import type { Claim, FinishInput, RunyardClient } from './client.js';
import { formatError, GraphQLRequestError, log } from './log.js';
import { shipRunLogs } from './log-shipper.js';
import { relayStateLines, type UsageTotals } from './state-lines.js';

const EXIT_CANNOT_START = 127;

/** Why we are stopping the child. The kind decides whether and how the run gets finished. */
type StopReason =
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'cancelled'; reason: 'REQUESTED' | 'BUDGET_EXCEEDED' }
  | { kind: 'lost'; detail: string };

/** Mutable state shared by the heartbeat loop, the signal handlers and the exit path. */
interface Supervision extends StartedChild {
  readonly opts: Options;
  readonly client: RunyardClient;
  readonly configFile: string;
  configVersion: number;
  stopReason: StopReason | null;
  /** The child's latest ::usage totals (null: none yet), sent with every heartbeat. */
  usage: UsageTotals | null;
  /** When a heartbeat last reached the server (performance.now(); the claim counts as one). */
  lastBeatAt: number;
  /** The agent's heartbeatTimeoutSeconds, in ms: past it without a heartbeat the server reaps the run. */
  heartbeatTimeoutMs: number;
}

/** Writes to a temp file and renames it, so a reader never sees a half-written file. */
async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tempFile = `${file}.tmp`;
  await writeFile(tempFile, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tempFile, file);
}

/** A temp dir for the run's files, made before the claim: if that fails, it should fail before we own a run. */
export async function withRunDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'runyard-run-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
  if (reason.kind === 'cancelled' && reason.reason === 'BUDGET_EXCEEDED') {
    log("the run was cancelled: the agent's cost this month reached its budget (BUDGET_EXCEEDED); stopping the command");
  } else if (reason.kind === 'cancelled') log('the run was cancelled through the API; stopping the command');
  if (reason.kind === 'lost') log(`the server considers the run over (${reason.detail}); stopping the command`);
  if (previous === null) stopChild(sup.child, sup.exited);
}

/**
 * An env var cannot change after spawn, so a newer config goes to the file (atomically) and, with
 * --config-signal, the child is told to re-read it.
 */
async function refreshWorkspaceConfig(sup: Supervision): Promise<void> {
  try {
    const workspace = await sup.client.fetchWorkspace();
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
  let beat;
  try {
    beat = await sup.client.heartbeat(sup.pid, sup.usage);
  } catch (err) {
    // The server thinks the run is over (LOST, or finished elsewhere), or the token was revoked
    // (its agent deleted, whose runs were cancelled with it): stop, and do not finish.
    if (err instanceof GraphQLRequestError && (err.code === 'INVALID_RUN_TRANSITION' || err.code === 'UNAUTHENTICATED')) {
      requestStop(sup, { kind: 'lost', detail: formatError(err) });
    } else if (performance.now() - sup.lastBeatAt > sup.heartbeatTimeoutMs) {
      // Cut off from the server past the agent's timeout: its reaper ends the run (LOST) and may queue a
      // retry into the same workspace, so this child must not go on working there.
      requestStop(sup, { kind: 'lost', detail: `no heartbeat reached it for ${Math.round(sup.heartbeatTimeoutMs / 1000)} s, so it reaps the run (${formatError(err)})` });
    } else {
      log(`heartbeat failed (will retry): ${formatError(err)}`);
    }
    return;
  }
  sup.lastBeatAt = performance.now();
  if (beat.cancelRequested) {
    requestStop(sup, { kind: 'cancelled', reason: beat.cancelReason === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : 'REQUESTED' });
  } else if (sup.stopReason === null && beat.workspaceConfigVersion > sup.configVersion) {
    await refreshWorkspaceConfig(sup);
  }
}

/** Heartbeats now and then every interval. The next beat is timed from the end of the previous one, so beats never overlap. */
function startHeartbeats(sup: Supervision): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = Promise.resolve();
  let sentUsage = sup.usage;
  const beat = (): void => {
    sentUsage = sup.usage;
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
      // Totals the child printed after the last beat travel only with a heartbeat: one more, so the
      // run's final usage is recorded before its finish (not when the server already ended the run).
      const runGoesOn = sup.stopReason === null || sup.stopReason.kind === 'signal';
      if (sup.usage !== sentUsage && runGoesOn) await heartbeatOnce(sup);
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

/** A finishRun that still fails after its retries is logged; the runner's exit code stays the same. */
async function finishLogged(client: RunyardClient, input: FinishInput): Promise<void> {
  try {
    const run = await client.finishRun(input);
    log(`run ${run.id} finished as ${run.status}`);
  } catch (err) {
    log(`could not finish run ${client.runId}: ${formatError(err)}`);
  }
}

/** Reports the outcome, unless the server already ended the run, and returns the runner's exit code. */
async function concludeRun(sup: Supervision, exit: ChildExit): Promise<number> {
  const reason = sup.stopReason;
  if (reason?.kind === 'cancelled') return exitCodeOf(exit);
  if (reason?.kind === 'lost') return exit.code ?? 1;
  await finishLogged(sup.client, finishInputFor(exit, reason));
  return exitCodeOf(exit);
}

/**
 * The runner's environment without its agent token (the command gets the run, not the power to
 * claim or finish the agent's other runs), and the run's own variables.
 */
function childEnv(claim: Claim, configFile: string): NodeJS.ProcessEnv {
  const { RUNYARD_AGENT_TOKEN: _token, ...inherited } = process.env;
  return {
    ...inherited,
    RUNYARD_RUN_ID: claim.run.id,
    RUNYARD_ATTEMPT: String(claim.run.attempt),
    RUNYARD_WORKSPACE_ID: claim.workspace.id,
    RUNYARD_WORKSPACE_CONFIG: configFile,
    RUNYARD_WORKSPACE_CONFIG_VERSION: String(claim.workspace.configVersion),
    ...(claim.workspaceDir === null ? {} : { RUNYARD_WORKSPACE_DIR: claim.workspaceDir }),
  };
}

/** Runs the command for a claimed run and returns the runner's exit code. */
export async function superviseRun(opts: Options, client: RunyardClient, claim: Claim, runDir: string, signals: StopRequest): Promise<number> {
  if (signals.first !== null) {
    // Stopped before the command started: nothing to stop, only the run to end.
    const signal = signals.first;
    const exitCode = 128 + osConstants.signals[signal];
    await finishLogged(client, { status: 'CANCELLED', exitCode, error: `the runner received ${signal} before the command started` });
    return exitCode;
  }
  const configFile = join(runDir, 'workspace-config.json');
  let started: StartedChild;
  try {
    await writeJsonAtomic(configFile, claim.workspace.config);
    // In the directory the provider prepared, if it did; otherwise where the runner was started.
    // A provider's directory on another host (the local provider's, for a remote runner) fails here, by name.
    if (claim.workspaceDir !== null) await access(claim.workspaceDir);
    started = await startChild(opts.command, opts.args, childEnv(claim, configFile), claim.workspaceDir ?? undefined);
  } catch (err) {
    const error = `could not start ${opts.command}: ${formatError(err)}`;
    log(error);
    await finishLogged(client, { status: 'FAILED', error });
    return EXIT_CANNOT_START;
  }

  const sup: Supervision = {
    ...started,
    opts,
    client,
    configFile,
    configVersion: claim.workspace.configVersion,
    stopReason: null,
    usage: null,
    lastBeatAt: performance.now(),
    heartbeatTimeoutMs: claim.run.agent.heartbeatTimeoutSeconds * 1000,
  };
  signals.takeOver((signal) => requestStop(sup, { kind: 'signal', signal }));
  const state = relayStateLines(
    started.child.stdout,
    (key, value) => client.setRuntimeState(key, value),
    // Merged, so a line naming fewer keys does not drop the others' totals.
    (totals) => (sup.usage = { ...sup.usage, ...totals }),
  );
  const logs = shipRunLogs(started.child, client, { flushIntervalMs: opts.heartbeatIntervalMs, flushTimeoutMs: opts.logFlushTimeoutMs });
  const heartbeats = startHeartbeats(sup);

  const exit = await sup.exited;
  // Drain before we stop heartbeating, so the lease stays alive while buffered state is sent;
  // the last log lines go before the finish (the server takes them for a grace after it, not for long).
  await state.drained();
  await logs.flush();
  await heartbeats.stop();
  return concludeRun(sup, exit);
}
