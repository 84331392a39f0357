// The `::state KEY=<json>` and `::usage {json}` line protocol: which lines of the child's stdout
// become runtime state, and which report its usage totals.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { log } from './log.js';

const STATE_LINE = /^::state ([A-Za-z0-9_.:-]+)=(.*)$/;
const USAGE_LINE = /^::usage (.*)$/;

/** Cumulative totals: key → non-negative number (inputTokens, outputTokens, costCents, any other). */
export type UsageTotals = Record<string, number>;

export type StateLine =
  | { kind: 'passthrough' }
  | { kind: 'state'; key: string; value: unknown }
  | { kind: 'invalid'; key: string; reason: string }
  | { kind: 'usage'; totals: UsageTotals }
  | { kind: 'invalid-usage'; reason: string };

/** What is wrong with a ::usage line's JSON, if anything: it must be an object of non-negative numbers. */
function usageProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  for (const [key, total] of Object.entries(value)) {
    if (typeof total !== 'number' || !Number.isFinite(total) || total < 0) return `${key} is ${JSON.stringify(total)}, not a non-negative number`;
  }
  return null;
}

function parseUsageLine(json: string): StateLine {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { kind: 'invalid-usage', reason: err instanceof Error ? err.message : String(err) };
  }
  const problem = usageProblem(value);
  return problem === null ? { kind: 'usage', totals: value as UsageTotals } : { kind: 'invalid-usage', reason: problem };
}

/** Classifies one stdout line from the child. */
export function parseStateLine(line: string): StateLine {
  const usage = USAGE_LINE.exec(line);
  if (usage !== null) return parseUsageLine(usage[1] ?? '');
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
 * value of a key must not overtake an earlier one), and each valid ::usage line's totals to
 * `onUsage` (the heartbeats carry the latest). `drained()` resolves once every queued line has
 * been sent; `send` must not reject.
 */
export function relayStateLines(
  stdout: Readable,
  send: (key: string, value: unknown) => Promise<void>,
  onUsage: (totals: UsageTotals) => void,
): { drained(): Promise<void> } {
  let queue = Promise.resolve();
  const lines = createInterface({ input: stdout, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const parsed = parseStateLine(line);
    if (parsed.kind === 'state') {
      queue = queue.then(() => send(parsed.key, parsed.value));
      return;
    }
    if (parsed.kind === 'usage') {
      onUsage(parsed.totals);
      return;
    }
    // Totals are cumulative: the next valid line makes up for one ignored.
    if (parsed.kind === 'invalid-usage') {
      log(`::usage ignored: ${parsed.reason}`);
      return;
    }
    if (parsed.kind === 'invalid') log(`::state ${parsed.key}: value is not JSON (${parsed.reason}); passing the line through`);
    process.stdout.write(`${line}\n`);
  });
  return { drained: () => queue };
}
