// Child supervision: spawning the command in a process group of its own, stopping that group, and the runner's own stop signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { constants as osConstants } from 'node:os';
import { log } from './log.js';

const KILL_GRACE_MS = 5_000;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedChild {
  child: ChildProcess & { stdout: NonNullable<ChildProcess['stdout']>; stderr: NonNullable<ChildProcess['stderr']> };
  pid: number;
  /** Resolves on 'close' (not 'exit'): stdout and stderr have ended too, so every line has been read. */
  exited: Promise<ChildExit>;
}

/** The child's exit code as a shell would report it: the code itself, or 128 + signal number. */
export function exitCodeOf(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  return exit.signal === null ? 1 : 128 + osConstants.signals[exit.signal];
}

/**
 * Spawns the command with stdout and stderr piped (its stderr is copied to ours byte for byte; the
 * log shipper reads both). It leads a process group of its own, so a shell script or
 * `npm run …` is stopped together with what it started (otherwise those would outlive it, keep its
 * stdout open, and the runner would wait forever). Like `timeout(1)`, the command is then not in the
 * terminal's foreground group: Ctrl-C reaches the runner, which stops the command. Resolves once the
 * OS has started it, and rejects if it could not (e.g. ENOENT).
 */
export async function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<StartedChild> {
  const child = spawn(command, args, { stdio: ['inherit', 'pipe', 'pipe'], env, cwd, detached: true });
  child.stderr.pipe(process.stderr, { end: false });
  const exited = new Promise<ChildExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  await once(child, 'spawn');
  // An 'error' after spawn (e.g. a failed kill) must not crash the runner as an unhandled event.
  child.on('error', (err) => log(`command error: ${err.message}`));
  if (child.pid === undefined) throw new Error('spawned without a pid');
  return { child: child as StartedChild['child'], exited, pid: child.pid };
}

/** Signals the child's process group, or the child alone if that fails. */
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
export function stopChild(child: ChildProcess, exited: Promise<ChildExit>): void {
  signalChildGroup(child, 'SIGTERM');
  const killTimer = setTimeout(() => signalChildGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  void exited.then(() => clearTimeout(killTimer));
}

/**
 * A request to stop one run's command, remembered until a handler takes over (once the command
 * runs), which then acts on it. The single-run mode feeds it the runner's own signals; the pool
 * gives each run its own and stops the runs left when its drain times out.
 */
export class StopRequest {
  first: NodeJS.Signals | null = null;
  private handler: ((signal: NodeJS.Signals) => void) | null = null;
  private resolveRequested!: (signal: NodeJS.Signals) => void;
  /** Resolves with the first signal: what a wait before the claim races against. */
  readonly requested = new Promise<NodeJS.Signals>((resolve) => (this.resolveRequested = resolve));

  /** Hands every signal from now on to `handler`, starting with one already received. */
  takeOver(handler: (signal: NodeJS.Signals) => void): void {
    this.handler = handler;
    if (this.first !== null) handler(this.first);
  }

  request(signal: NodeJS.Signals): void {
    this.first ??= signal;
    this.resolveRequested(signal);
    if (this.handler !== null) this.handler(signal);
    else log(`received ${signal}; the command will not start`);
  }
}

/**
 * SIGINT/SIGTERM, caught from the runner's first moment: dying while the claim is in flight would
 * leave a RUNNING run with no runner until the reaper calls it LOST.
 */
export class StopSignals extends StopRequest {
  constructor() {
    super();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => this.request(signal));
  }
}
