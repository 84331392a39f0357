// The `::state KEY=<json>` line protocol: which lines of the child's stdout become runtime state.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { log } from './log.js';

const STATE_LINE = /^::state ([A-Za-z0-9_.:-]+)=(.*)$/;

export type StateLine =
  | { kind: 'passthrough' }
  | { kind: 'state'; key: string; value: unknown }
  | { kind: 'invalid'; key: string; reason: string };

/** Classifies one stdout line from the child. */
export function parseStateLine(line: string): StateLine {
  const match = STATE_LINE.exec(line);
  if (match === null) return { kind: 'passthrough' };
  const [, key = '', json = ''] = match;
  try {
    return { kind: 'state', key, value: JSON.parse(json) };
  } catch (err) {
    return { kind: 'invalid', key, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Echoes the child's stdout and hands ::state lines to `send` one at a time, in order (a later
 * value of a key must not overtake an earlier one). `drained()` resolves once every queued line
 * has been sent; `send` must not reject.
 */
export function relayStateLines(stdout: Readable, send: (key: string, value: unknown) => Promise<void>): { drained(): Promise<void> } {
  let queue = Promise.resolve();
  const lines = createInterface({ input: stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const parsed = parseStateLine(line);
    if (parsed.kind === 'state') {
      queue = queue.then(() => send(parsed.key, parsed.value));
      return;
    }
    if (parsed.kind === 'invalid') log(`::state ${parsed.key}: value is not JSON (${parsed.reason}); passing the line through`);
    process.stdout.write(`${line}\n`);
  });
  return { drained: () => queue };
}
