// Run logs: what a run's child printed, appended by its runner in numbered chunks (idempotent by
// (run, seq)), bounded per run, pruned by age, and streamed live to subscribers on every replica.
import { z } from "zod";
import { appendRunLogs as appendRunLogsSql, type RunLogStreamName } from "../prisma/sql/append-run-logs.js";
import { pruneRunLogs as pruneRunLogsSql } from "../prisma/sql/prune-run-logs.js";
import { runLogPages } from "../prisma/sql/run-log-pages.js";
import type { RunLogChunk } from "../prisma/client.js";
import type { RunLogChunkPayload } from "../pubsub/topics.js";
import { assertCanActOnRun, requireViewer, runReach } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { uuid } from "./ids.js";
import type { RequestContext, Runtime } from "./runtime.js";
import { parseInput, text } from "./validation.js";

export interface RunLogLimits {
  /** Bytes of log text stored per run; past it chunks are dropped and the run is logsTruncated. */
  maxBytes: number;
  /** How long after a run finished (by the database's clock) its runner's last chunks are still accepted. */
  graceSeconds: number;
}

/** One chunk is one line (a runner splits longer ones); one call at most MAX_CHUNKS of them and MAX_CALL_BYTES in all. */
export const MAX_CHUNK_BYTES = 64 * 1024;
export const MAX_CHUNKS = 1_000;
export const MAX_CALL_BYTES = 1024 * 1024;

const chunk = z.object({
  // GraphQL's Int already holds it to an integer below 2^31.
  seq: z.number().int("must be an integer").min(0, "must be at least 0"),
  stream: z.enum(["STDOUT", "STDERR"]),
  text: text(MAX_CHUNK_BYTES).superRefine((s, ctx) => {
    const bytes = Buffer.byteLength(s);
    if (bytes > MAX_CHUNK_BYTES) ctx.addIssue({ code: "custom", message: `is ${bytes} bytes; at most ${MAX_CHUNK_BYTES} allowed` });
  }),
});

const appendInput = z.object({
  runId: uuid,
  chunks: z
    .array(chunk)
    .min(1, "must not be empty")
    .max(MAX_CHUNKS, `must have at most ${MAX_CHUNKS} chunks`)
    .superRefine((chunks, ctx) => {
      const seqs = new Set<number>();
      let bytes = 0;
      for (const [i, { seq, text }] of chunks.entries()) {
        if (seqs.has(seq)) ctx.addIssue({ code: "custom", path: [i, "seq"], message: `repeats seq ${seq}` });
        seqs.add(seq);
        bytes += Buffer.byteLength(text);
      }
      if (bytes > MAX_CALL_BYTES) ctx.addIssue({ code: "custom", message: `hold ${bytes} bytes of text; at most ${MAX_CALL_BYTES} per call` });
    }),
});

export interface AppendRunLogsResult {
  /** Chunks stored by this call. */
  accepted: number;
  /** Chunks already stored (sent before): ignored. */
  duplicates: number;
  /** The run's log reached RUNYARD_RUN_LOG_MAX_BYTES: chunks past it were dropped. */
  logsTruncated: boolean;
}

/**
 * Stores the chunks not stored yet (one statement), then publishes them. Refused: a run the caller
 * may not act on (NOT_FOUND, as a missing one), and one that is neither RUNNING nor finished within
 * the grace (INVALID_RUN_TRANSITION).
 */
export async function appendRunLogs(
  ctx: RequestContext,
  input: { runId: string; chunks: Array<{ seq: number; stream: RunLogStreamName; text: string }> },
): Promise<AppendRunLogsResult> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId, chunks } = parseInput(appendInput, input);
  const row = await appendRunLogsSql(ctx.pool, {
    runId,
    chunks: chunks.map((c) => ({ ...c, bytes: Buffer.byteLength(c.text) })),
    reach: runReach(viewer),
    ...ctx.runLogs,
  });
  if (!row.accepting) {
    const run = await ctx.db.run.findUnique({ where: { id: runId }, select: { id: true, status: true, companyId: true, agentId: true } });
    if (!run) throw notFound("run", runId);
    assertCanActOnRun(viewer, run);
    throw new RunyardError(
      "INVALID_RUN_TRANSITION",
      `run is ${run.status}; logs are accepted while RUNNING and for ${ctx.runLogs.graceSeconds} s after it finished`,
      { status: run.status },
    );
  }
  if (row.inserted.length > 0) {
    const payload: RunLogChunkPayload[] = row.inserted.map((c) => ({ runId, seq: c.seq, stream: c.stream, text: c.text, createdAt: c.createdAt.toISOString() }));
    ctx.pubsub.publish("runLogs", runId, { runId, chunks: payload });
  }
  return { accepted: row.inserted.length, duplicates: row.duplicates, logsTruncated: row.logsTruncated };
}

const LOG_DELETE_BATCH = 5_000;

/** Deletes one batch of log chunks older than the retention (see prune-run-logs.ts). */
export function pruneRunLogs(rt: Runtime, retentionHours: number): Promise<number> {
  return pruneRunLogsSql(rt.db, retentionHours, LOG_DELETE_BATCH);
}

/** New chunks of one run as they are stored on any replica, one at a time, for a viewer who may act on it. */
export async function* runLogChunks(ctx: RequestContext, runId: string): AsyncGenerator<RunLogChunkPayload> {
  for await (const batch of ctx.pubsub.subscribe("runLogs", runId)) yield* batch.chunks;
}

export interface RunLogPageArgs {
  /** Chunks after this seq (-1: from the start). */
  afterSeq: number;
  /** Chunks before this seq (null: to the end). */
  beforeSeq: number | null;
  /** The page nearest beforeSeq (the log's tail), newest first, instead of the one nearest afterSeq. */
  backward: boolean;
  stream: RunLogStreamName | null;
  limit: number;
}

/** The runs whose pages one request asked for with the same arguments, read together on the next turn. */
interface PendingPages {
  runIds: Set<string>;
  rows: Promise<Map<string, RunLogChunk[]>>;
}
const pendingPages = new WeakMap<RequestContext, Map<string, PendingPages>>();

/**
 * A page of one run's log. The pages a request asks for in one go (Run.logs under a list of runs)
 * are read in one statement (prisma/sql/run-log-pages.ts), so a list costs one query, not one per run.
 */
export function runLogPage(ctx: RequestContext, runId: string, args: RunLogPageArgs): Promise<RunLogChunk[]> {
  let byArgs = pendingPages.get(ctx);
  if (!byArgs) pendingPages.set(ctx, (byArgs = new Map()));
  const key = JSON.stringify(args);
  let pending = byArgs.get(key);
  if (!pending) {
    const runIds = new Set<string>();
    const rows = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      byArgs.delete(key);
      const byRun = new Map<string, RunLogChunk[]>();
      for (const row of await runLogPages(ctx.pool, { ...args, runIds: [...runIds] })) {
        const list = byRun.get(row.runId);
        if (list) list.push(row);
        else byRun.set(row.runId, [row]);
      }
      return byRun;
    });
    byArgs.set(key, (pending = { runIds, rows }));
  }
  pending.runIds.add(runId);
  return pending.rows.then((byRun) => byRun.get(runId) ?? []);
}
