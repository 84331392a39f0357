// Run logs: appendRunLogs, Run.logs / Run.logsTruncated, and the runLogs subscription.
import { assertCanActOnRunId, requireViewer } from "../resolvers/auth.js";
import { decodeBase64, decodeCursorChunk, encodeBase64, encodeCursorTuple } from "@pothos/core";
import { RunyardError } from "../resolvers/errors.js";
import { appendRunLogs, runLogChunks, runLogPage, type AppendRunLogsResult } from "../resolvers/run-logs.js";
import type { RunLogChunkPayload } from "../pubsub/topics.js";
import { builder } from "./builder.js";
import { RunNode } from "./run.js";

const RunLogStream = builder.enumType("RunLogStream", { values: ["STDOUT", "STDERR"] as const });

/** A page of a run's log holds up to this many lines (the dashboard's tail reads a page at a time). */
const LOG_PAGE = { default: 100, max: 1_000 } as const;

const RunLogChunkNode = builder.prismaObject("RunLogChunk", {
  description: "One line the run's child printed, numbered by its runner.",
  fields: (t) => ({
    seq: t.exposeInt("seq", { description: "The runner's number for the line: increasing in the order the child printed (both streams)." }),
    stream: t.expose("stream", { type: RunLogStream }),
    text: t.exposeString("text"),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the server stored it." }),
  }),
});

/** A chunk's cursor, as the Prisma plugin writes one for the (runId, seq) key: schema/cursors.ts checks it so. */
const cursorOf = (chunk: { runId: string; seq: number }): string => encodeBase64(`GPC:${encodeCursorTuple([chunk.runId, chunk.seq])}`);
const seqOf = (cursor: string): number => (decodeCursorChunk(decodeBase64(cursor).slice(4)) as [string, number])[1];

builder.prismaObjectFields(RunNode, (t) => ({
  logs: t.connection(
    {
      type: RunLogChunkNode,
      description: `What the run's child printed, in seq order: paged forward (first, after) from the start, or backward (last, before) from the end: \`last: N\` is the log's tail (${LOG_PAGE.default} a page by default, ${LOG_PAGE.max} at most); \`stream\` keeps one of stdout and stderr.`,
      args: { stream: t.arg({ type: RunLogStream }) },
      resolve: async (run, args, ctx) => {
        const backward = args.last != null || args.before != null;
        if (backward) {
          for (const name of ["first", "after"] as const) {
            if (args[name] != null) throw new RunyardError("BAD_USER_INPUT", "a run's log pages forward (first, after) or backward (last, before), not both", { field: name });
          }
        }
        const size = backward ? args.last : args.first;
        if (size != null && size < 0) throw new RunyardError("BAD_USER_INPUT", `${backward ? "last" : "first"} must be at least 0`, { field: backward ? "last" : "first" });
        const limit = Math.min(size ?? LOG_PAGE.default, LOG_PAGE.max);
        const afterSeq = args.after ? seqOf(args.after) : -1;
        const beforeSeq = args.before ? seqOf(args.before) : null;
        // One more than the page: whether there is another one beyond it.
        const rows = await runLogPage(ctx, run.id, { afterSeq, beforeSeq, backward, stream: args.stream ?? null, limit: limit + 1 });
        const page = rows.slice(0, limit);
        if (backward) page.reverse();
        const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
        const more = rows.length > limit;
        return {
          edges,
          pageInfo: {
            hasNextPage: backward ? beforeSeq !== null : more,
            hasPreviousPage: backward ? more : afterSeq >= 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    { name: "RunLogConnection" },
  ),
  logsTruncated: t.exposeBoolean("logsTruncated", { description: "The log reached RUNYARD_RUN_LOG_MAX_BYTES: later lines were dropped." }),
}));

const RunLogChunkInput = builder.inputType("RunLogChunkInput", {
  fields: (t) => ({
    seq: t.int({ required: true, description: "0 or more, unique per run: a chunk sent again with its seq is stored once." }),
    stream: t.field({ type: RunLogStream, required: true }),
    text: t.string({ required: true, description: "At most 64 KiB (UTF-8)." }),
  }),
});

const AppendRunLogsInput = builder.inputType("AppendRunLogsInput", {
  fields: (t) => ({
    runId: t.globalID({ for: RunNode, required: true }),
    chunks: t.field({ type: [RunLogChunkInput], required: true, description: "1 to 1,000 chunks, at most 1 MiB of text in all." }),
  }),
});

const AppendRunLogsResultRef = builder.objectRef<AppendRunLogsResult>("AppendRunLogsResult").implement({
  fields: (t) => ({
    accepted: t.exposeInt("accepted", { description: "Chunks stored by this call." }),
    duplicates: t.exposeInt("duplicates", { description: "Chunks stored before (resent): ignored." }),
    logsTruncated: t.exposeBoolean("logsTruncated", { description: "The run's log is full: chunks past RUNYARD_RUN_LOG_MAX_BYTES were dropped." }),
  }),
});

builder.mutationFields((t) => ({
  appendRunLogs: t.field({
    type: AppendRunLogsResultRef,
    description: "Stores lines of a run's output (its runner's call). Accepted while RUNNING and for a short grace after the run finished.",
    args: { input: t.arg({ type: AppendRunLogsInput, required: true }) },
    resolve: (_root, { input }, ctx) => appendRunLogs(ctx, { runId: input.runId.id, chunks: input.chunks }),
  }),
}));

builder.subscriptionFields((t) => ({
  runLogs: t.prismaField({
    type: "RunLogChunk",
    description: "The run's log chunks as they are stored, from every replica, in seq order within each appendRunLogs call.",
    args: { runId: t.arg.globalID({ for: RunNode, required: true }) },
    subscribe: async (_root, args, ctx) => {
      await assertCanActOnRunId(ctx.db, requireViewer(await ctx.viewer()), args.runId.id);
      return runLogChunks(ctx, args.runId.id);
    },
    resolve: (_query, payload: RunLogChunkPayload) => ({ ...payload, bytes: Buffer.byteLength(payload.text), createdAt: new Date(payload.createdAt) }),
  }),
}));
