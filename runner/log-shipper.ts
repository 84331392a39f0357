// Ships every line the child prints (stdout and stderr) to the run's log: numbered per run (seq),
// sent in batches (appendRunLogs), buffered in memory while the server is away, and flushed before
// the run is finished.
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { RunLogChunkInput, RunLogStream } from './gql/graphql.js';
import type { RunyardClient } from './client.js';
import { formatError, GraphQLRequestError, log } from './log.js';
import { parseStateLine } from './state-lines.js';

/** A batch goes at once when it reaches either; otherwise every flush interval. */
const BATCH_LINES = 500;
const BATCH_BYTES = 256 * 1024;
/** Text buffered and not yet acknowledged, at most; past it new lines are dropped (and counted). */
export const BUFFER_BYTES = 8 * 1024 * 1024;
/** What a buffered line costs beyond its text, for the bound: a flood of empty lines is bounded too. */
export const LINE_OVERHEAD_BYTES = 64;
/**
 * A longer line is sent in pieces of this many UTF-16 units: at most 48 KiB of UTF-8, under the
 * server's 64 KiB per chunk.
 */
const MAX_PIECE_CHARS = 16_000;
const RETRY_BASE_DELAY_MS = 250;
const RETRY_MAX_DELAY_MS = 5_000;

interface Chunk extends RunLogChunkInput {
  /** Its text's UTF-8 bytes plus LINE_OVERHEAD_BYTES: what it counts for against the bounds. */
  bytes: number;
}

export interface LogShipperOptions {
  /** How often a batch smaller than BATCH_LINES/BATCH_BYTES goes out: the heartbeat interval. */
  flushIntervalMs: number;
  /** How long flush() waits for the last chunks to be acknowledged. */
  flushTimeoutMs: number;
}

/** stdout lines that are the runner's protocol, not output: valid `::state` lines and `::usage` lines. */
function isProtocolLine(line: string): boolean {
  return line.startsWith('::usage ') || parseStateLine(line).kind === 'state';
}

/**
 * The line as the server can store it, in pieces it accepts: NUL (which PostgreSQL cannot store)
 * becomes U+FFFD, and a piece never ends between the two halves of a surrogate pair.
 */
export function linePieces(line: string): string[] {
  const text = line.replaceAll('\0', '\uFFFD');
  if (text.length <= MAX_PIECE_CHARS) return [text];
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + MAX_PIECE_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * The run's log on its way to the server. One batch is in flight at a time, so chunks reach the
 * server in seq order; a failed batch is sent again (with backoff) until acknowledged. A resend
 * after a lost answer is harmless: the server stores each (run, seq) once.
 *
 * While the server cannot be reached, up to BUFFER_BYTES (text plus a per-line overhead) wait here. Past that, new lines
 * are dropped, not old ones (what is buffered is the start of the story, and keeps its order); once
 * there is room again, one marker chunk `[runyard-runner: N lines dropped]` (stderr) takes the
 * place of the lost lines.
 */
export class LogShipper {
  private seq = 0;
  /** Buffered, oldest first; the batch in flight is its head. */
  private pending: Chunk[] = [];
  private pendingBytes = 0;
  private dropped = 0;
  private sending = false;
  private failures = 0;
  /** The server takes no more (the run is over, or its log is full): buffered lines are discarded. */
  private refused = false;
  /** flush() has begun: batches go one after another, full or not. */
  private flushing = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly interval: NodeJS.Timeout;
  private readonly reading: Array<Promise<unknown>> = [];
  /** Wakes flush() when the buffer empties or the shipper gives up. */
  private settled: () => void = () => {};

  constructor(
    private readonly client: RunyardClient,
    private readonly opts: LogShipperOptions,
  ) {
    this.interval = setInterval(() => this.send(), opts.flushIntervalMs);
  }

  /** Reads `input` line by line into the log; `skip` leaves out lines that are no output. */
  capture(input: Readable, stream: RunLogStream, skip: (line: string) => boolean = () => false): void {
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (!skip(line)) this.add(stream, line);
    });
    this.reading.push(once(lines, 'close'));
  }

  private add(stream: RunLogStream, line: string): void {
    if (this.refused) return;
    for (const text of linePieces(line)) {
      const bytes = Buffer.byteLength(text) + LINE_OVERHEAD_BYTES;
      if (this.pendingBytes + bytes > BUFFER_BYTES) {
        if (this.dropped === 0) log(`the server has not taken ${this.pending.length} log lines yet; dropping new lines until it does`);
        this.dropped++;
        continue;
      }
      this.noteDropped();
      this.push({ seq: this.seq++, stream, text, bytes });
    }
    if (this.pending.length >= BATCH_LINES || this.pendingBytes >= BATCH_BYTES) this.send();
  }

  private push(chunk: Chunk): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.bytes;
  }

  /** The one marker for the lines dropped since the buffer filled (it may pass the bound by its own few bytes). */
  private noteDropped(): void {
    if (this.dropped === 0) return;
    const text = `[runyard-runner: ${this.dropped} lines dropped]`;
    log(`${this.dropped} log lines were dropped while the server was not taking them`);
    this.dropped = 0;
    this.push({ seq: this.seq++, stream: 'STDERR', text, bytes: Buffer.byteLength(text) + LINE_OVERHEAD_BYTES });
  }

  /** Sends the next batch unless one is in flight or waiting to be retried. */
  private send(): void {
    if (this.sending || this.retryTimer !== undefined || this.pending.length === 0 || this.refused) return;
    this.sending = true;
    const batch: Chunk[] = [];
    let bytes = 0;
    for (const chunk of this.pending) {
      if (batch.length === BATCH_LINES || (batch.length > 0 && bytes + chunk.bytes > BATCH_BYTES)) break;
      batch.push(chunk);
      bytes += chunk.bytes;
    }
    void this.client.appendRunLogs(batch.map(({ seq, stream, text }) => ({ seq, stream, text }))).then(
      (answer) => {
        this.failures = 0;
        this.acknowledge(batch.length, bytes);
        if (answer.logsTruncated) this.refuse('the run\'s log is full on the server (logsTruncated)');
        this.sending = false;
        this.afterSend();
      },
      (err: unknown) => {
        this.sending = false;
        this.failed(err, batch.length, bytes);
        this.afterSend();
      },
    );
  }

  private acknowledge(count: number, bytes: number): void {
    this.pending.splice(0, count);
    this.pendingBytes -= bytes;
    this.noteDropped();
  }

  private failed(err: unknown, count: number, bytes: number): void {
    if (this.refused) return;
    const code = err instanceof GraphQLRequestError ? err.code : null;
    if (code === 'INVALID_RUN_TRANSITION') {
      this.refuse(`the server takes no more log lines for this run (${formatError(err)})`);
      return;
    }
    // The server could not be reached, or failed (a database outage is INTERNAL): ask again later.
    if (err instanceof GraphQLRequestError && (err.transient || code === 'INTERNAL')) {
      const delay = Math.min(RETRY_BASE_DELAY_MS * 2 ** this.failures, RETRY_MAX_DELAY_MS);
      this.failures++;
      if (this.failures === 1 || this.failures % 10 === 0) log(`could not send log lines (will retry in ${delay} ms): ${formatError(err)}`);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.send();
      }, delay);
      return;
    }
    // Any other refusal would be repeated: these lines cannot be stored, the later ones may.
    log(`the server refused ${count} log lines, dropping them: ${formatError(err)}`);
    this.acknowledge(count, bytes);
  }

  private refuse(reason: string): void {
    if (this.refused) return;
    this.refused = true;
    log(`${reason}; not sending the ${this.pending.length} log lines left`);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Another batch at once while a full one waits (or while flushing); then wake flush() if done. */
  private afterSend(): void {
    if (this.pending.length === 0 || this.refused) {
      this.settled();
      return;
    }
    if (this.flushing || this.pending.length >= BATCH_LINES || this.pendingBytes >= BATCH_BYTES) this.send();
  }

  /**
   * Once the child's output has ended: sends everything left (the dropped-lines marker included)
   * and resolves when the server has acknowledged it, or after flushTimeoutMs with a warning.
   * The caller finishes the run after this, so the finish comes after the last chunk.
   */
  async flush(): Promise<void> {
    await Promise.all(this.reading);
    this.flushing = true;
    this.noteDropped();
    const done = new Promise<void>((resolve) => (this.settled = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.opts.flushTimeoutMs)));
    if (this.pending.length > 0 && !this.refused) {
      this.send();
      if (await Promise.race([done.then(() => false), timedOut])) {
        log(`${this.pending.length} log lines not acknowledged after ${this.opts.flushTimeoutMs} ms; finishing the run without them`);
      }
    }
    clearTimeout(timer);
    clearInterval(this.interval);
    clearTimeout(this.retryTimer);
    this.refused = true;
  }
}

/** Captures the child's stdout (but its protocol lines) and stderr into a new shipper for the run. */
export function shipRunLogs(child: { stdout: Readable; stderr: Readable }, client: RunyardClient, opts: LogShipperOptions): LogShipper {
  const shipper = new LogShipper(client, opts);
  shipper.capture(child.stdout, 'STDOUT', isProtocolLine);
  shipper.capture(child.stderr, 'STDERR');
  return shipper;
}
