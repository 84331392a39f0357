// The hot path: a heartbeat is one SQL statement (run touch + runtime-state upserts + lease
// renewal + history row), and runtime state is only ever written by upsert, so concurrent
// writers to one (run, key) all succeed and `version` counts them.
import { z } from "zod";
import type { Run, RunEvent, RuntimeState } from "../prisma/client.js";
import { canActOnRun, requireViewer, runAccessSql, type Viewer } from "./auth.js";
import { RunyardError, notFound } from "./errors.js";
import { publishRunEvent } from "./events.js";
import { uuid } from "./ids.js";
import type { RequestContext } from "./runtime.js";
import { boundedJson, parseInput, stateKey } from "./validation.js";

const stateEntry = z.object({ key: stateKey, value: boundedJson });

const heartbeatInput = z.object({
  runId: uuid,
  pid: z.number().int().min(1, "must be a process id"),
  state: z
    .array(stateEntry)
    .max(100, "must have at most 100 entries")
    .nullish()
    .superRefine((entries, ctx) => {
      const keys = new Set<string>();
      for (const [i, { key }] of (entries ?? []).entries()) {
        if (keys.has(key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `repeats key ${key}` });
        keys.add(key);
      }
    }),
});

export interface HeartbeatAck {
  run: Run;
  cancelRequested: boolean;
  workspaceConfigVersion: number;
  leaseExpiresAt: Date | null;
}

type HeartbeatRow = Run & { workspaceConfigVersion: number; leaseExpiresAt: Date | null; eventId: bigint; eventAt: Date };

export async function heartbeat(
  ctx: RequestContext,
  input: { runId: string; pid: number; state?: Array<{ key: string; value?: unknown }> | null },
): Promise<HeartbeatAck> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId, pid, state } = parseInput(heartbeatInput, input);
  const [row] = await ctx.db.$queryRaw<HeartbeatRow[]>`
    WITH run AS (
      UPDATE "Run" SET "lastHeartbeatAt" = now(), "pid" = ${pid}
      WHERE "id" = ${runId}::uuid AND "status" = 'RUNNING' AND ${runAccessSql(viewer)}
      RETURNING *
    ), state AS (
      INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt")
      SELECT run."id", s."key", s."value", 1, now()
      FROM run, jsonb_to_recordset(${JSON.stringify(state ?? [])}::jsonb) AS s("key" text, "value" jsonb)
      ON CONFLICT ("runId", "key") DO UPDATE
        SET "value" = EXCLUDED."value", "version" = "RuntimeState"."version" + 1, "updatedAt" = EXCLUDED."updatedAt"
      RETURNING 1
    ), leases AS (
      UPDATE "Lease" l SET "expiresAt" = now() + make_interval(secs => l."ttlSeconds")
      FROM run WHERE l."runId" = run."id" AND l."status" = 'ACTIVE' AND l."expiresAt" > now()
      RETURNING l."expiresAt"
    ), event AS (
      INSERT INTO "RunEvent" ("runId", "kind", "status", "pid", "at")
      SELECT run."id", 'HEARTBEAT'::"RunEventKind", 'RUNNING'::"RunStatus", ${pid}, now() FROM run
      RETURNING "id", "at"
    )
    SELECT run.*,
      (SELECT w."configVersion" FROM "Workspace" w WHERE w."id" = run."workspaceId") AS "workspaceConfigVersion",
      (SELECT min("expiresAt") FROM leases) AS "leaseExpiresAt",
      event."id" AS "eventId", event."at" AS "eventAt"
    FROM run, event, (SELECT count(*) FROM state) AS written`;
  if (!row) return refusedHeartbeat(ctx, viewer, runId);
  const { workspaceConfigVersion, leaseExpiresAt, eventId, eventAt, ...run } = row;
  const event: RunEvent = { id: eventId, runId, kind: "HEARTBEAT", status: "RUNNING", fromStatus: null, pid, at: eventAt };
  publishRunEvent(ctx.pubsub, event, run.agentId);
  return { run, cancelRequested: false, workspaceConfigVersion, leaseExpiresAt };
}

/**
 * The heartbeat touched nothing: say why. A run cancelled through the API is answered (not
 * refused) with `cancelRequested`, so its runner stops the child; any other finished or LOST run
 * is INVALID_RUN_TRANSITION, and the runner must stop.
 */
async function refusedHeartbeat(ctx: RequestContext, viewer: Viewer, runId: string): Promise<HeartbeatAck> {
  const run = await ctx.db.run.findUnique({ where: { id: runId }, include: { workspace: { select: { configVersion: true } } } });
  if (!run) throw notFound("run", runId);
  if (!canActOnRun(viewer, run)) throw new RunyardError("FORBIDDEN", "this token may not act on that run");
  const { workspace, ...plain } = run;
  if (run.status === "CANCELLED" && run.cancelRequestedAt) {
    return { run: plain, cancelRequested: true, workspaceConfigVersion: workspace.configVersion, leaseExpiresAt: null };
  }
  throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; heartbeats are accepted only while RUNNING`, { status: run.status });
}

const setStateInput = z.object({ runId: uuid, key: stateKey, value: boundedJson });

export async function setRuntimeState(ctx: RequestContext, input: { runId: string; key: string; value?: unknown }): Promise<RuntimeState> {
  const viewer = requireViewer(await ctx.viewer());
  const { runId, key, value } = parseInput(setStateInput, input);
  const [row] = await ctx.db.$queryRaw<RuntimeState[]>`
    INSERT INTO "RuntimeState" ("runId", "key", "value", "version", "updatedAt")
    SELECT r."id", ${key}, ${JSON.stringify(value)}::jsonb, 1, now() FROM "Run" r
    WHERE r."id" = ${runId}::uuid AND r."status" IN ('QUEUED', 'RUNNING') AND ${runAccessSql(viewer, "r")}
    ON CONFLICT ("runId", "key") DO UPDATE
      SET "value" = EXCLUDED."value", "version" = "RuntimeState"."version" + 1, "updatedAt" = EXCLUDED."updatedAt"
    RETURNING *`;
  if (row) return row;
  const run = await ctx.db.run.findUnique({ where: { id: runId }, select: { status: true, companyId: true, agentId: true } });
  if (!run) throw notFound("run", runId);
  if (!canActOnRun(viewer, run)) throw new RunyardError("FORBIDDEN", "this token may not act on that run");
  throw new RunyardError("INVALID_RUN_TRANSITION", `run is ${run.status}; runtime state is written only while QUEUED or RUNNING`, { status: run.status });
}
