// Where a heartbeat's server time goes: the pieces of the heartbeat path run in this process,
// against the benchmark's database and Redis, using the server's own modules — each for a short
// closed loop, reporting Node CPU (µs per op, this process: JS + the pg/ioredis clients) and wall
// latency. Together with the HTTP phases (server CPU per heartbeat vs per `{ __typename }`), this
// splits the cost into HTTP + yoga floor, GraphQL execution, auth, Prisma, SQL and pubsub.
import { performance } from "node:perf_hooks";
import { execute, parse } from "graphql";
import { createYoga } from "graphql-yoga";
import { authenticate, hashToken } from "../resolvers/auth.js";
import { publishHeartbeats } from "../resolvers/events.js";
import { heartbeat } from "../resolvers/heartbeats.js";
import { contextForViewer, type RequestContext } from "../resolvers/runtime.js";
import { schema } from "../schema/index.js";
import { createRunyard } from "../server/app.js";
import { readConfig } from "../server/config.js";
import type { Agent } from "./fixtures.js";
import { fmt, percentiles, rawId, REDIS_URL, LatencyRecorder } from "./support.js";
import { createLogger } from "../server/logger.js";

/** The direct calls below have no caller that could go away. */
const neverAborted = new AbortController().signal;

export interface BreakdownRow {
  label: string;
  opsPerSecond: number;
  cpuUsPerOp: number;
  p50: number;
  p99: number;
}

async function measure(label: string, seconds: number, concurrency: number, op: (worker: number, n: number) => Promise<unknown>): Promise<BreakdownRow> {
  // Warm-up: JIT, connections, prepared plans.
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let n = 0; n < 50; n++) await op(w, n);
  }));
  const latencies = new LatencyRecorder();
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // A deadline, not a timer: an op that completes on microtasks alone (yoga.fetch of
  // `{ __typename }` does no I/O) would starve a timer forever.
  const deadline = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let n = 1000; performance.now() < deadline; n++) {
      const s = performance.now();
      await op(w, n);
      latencies.add(performance.now() - s);
      ops++;
      if (n % 64 === 0) await new Promise((resolve) => setImmediate(resolve)); // let I/O and timers run
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const p = percentiles(latencies.values());
  return { label, opsPerSecond: ops / elapsed, cpuUsPerOp: (cpu.user + cpu.system) / ops, p50: p.p50, p99: p.p99 };
}

export async function heartbeatBreakdown(opts: {
  databaseUrl: string;
  companyId: string;
  agents: Agent[];
  runIds: string[];
  seconds: number;
  concurrency: number;
  heartbeatDocument: string;
}): Promise<BreakdownRow[]> {
  // The replica as the server builds it, not started: no port, no reaper.
  const app = await createRunyard(
    readConfig({ DATABASE_URL: opts.databaseUrl, REDIS_URL, RUNYARD_DB_POOL_SIZE: String(opts.concurrency) }),
    { logger: createLogger("silent") },
  );
  const runtime = app.runtime;
  const { db, pool, pubsub: redisPubSub } = runtime;
  const redis = app.redis!;
  const rows: BreakdownRow[] = [];
  const { seconds, concurrency } = opts;
  const agent = (w: number) => opts.agents[w % opts.agents.length]!;
  const run = (w: number) => opts.runIds[w % opts.runIds.length]!;
  try {
    // Resolved once, as a per-request cache would: the rows below without auth use these.
    const viewers = await Promise.all(opts.agents.slice(0, concurrency).map((a) => authenticate(pool, `Bearer ${a.token}`)));
    const context = (w: number, pubsub: RequestContext["pubsub"]): RequestContext =>
      contextForViewer({ ...runtime, pubsub }, viewers[w % viewers.length]!, neverAborted);
    const input = (w: number, n: number) => ({
      runId: rawId(run(w)),
      pid: 20_000 + w,
      state: [
        { key: "a", value: { step: n, tokens: n * 17, note: "bench" } },
        { key: "b", value: n },
      ],
    });

    rows.push(
      await measure("auth lookup: its SELECT by tokenHash alone, on the pool", seconds, concurrency, (w) =>
        pool.query(`SELECT "id", "kind", "companyId", "agentId", "revokedAt" FROM "ApiToken" WHERE "tokenHash" = $1`, [hashToken(agent(w).token)]),
      ),
    );
    rows.push(await measure("authenticate() (header parse, sha256, the same SELECT)", seconds, concurrency, (w) => authenticate(pool, `Bearer ${agent(w).token}`)));
    rows.push(
      await measure("Run row by id via plain pg", seconds, concurrency, (w) => pool.query(`SELECT * FROM "Run" WHERE "id" = $1`, [rawId(run(w))])),
    );
    rows.push(
      await measure("Run row by id via Prisma $queryRaw", seconds, concurrency, (w) => db.$queryRaw`SELECT * FROM "Run" WHERE "id" = ${rawId(run(w))}::uuid`),
    );
    rows.push(
      await measure("publishHeartbeats, a batch of one (4 PUBLISH: run, agent, company, environment)", seconds, concurrency, (w, n) => {
        const runId = rawId(run(w));
        const at = new Date();
        publishHeartbeats(redisPubSub, [
          {
            event: { id: BigInt(n), runId, kind: "HEARTBEAT", status: "RUNNING", fromStatus: null, pid: 1, reason: null, at },
            run: { agentId: rawId(agent(w).id), companyId: rawId(opts.companyId) },
            states: [
              { runId, key: "a", value: { step: n, tokens: n * 17, note: "bench" }, version: n, updatedAt: at },
              { runId, key: "b", value: n, version: n, updatedAt: at },
            ],
            renewed: [{ id: runId, runId, companyId: rawId(opts.companyId), environmentId: runId, slot: 0, fencingToken: 1, releaseReason: null, expiresAt: at }],
          },
        ]);
        // PUBLISH is not awaited by the server either; a PING behind it on the same connection
        // waits for it, so the loop cannot outrun Redis.
        return redis.publish.ping();
      }),
    );
    rows.push(
      await measure("heartbeat() domain op, viewer cached, Redis pubsub", seconds, concurrency, (w, n) => heartbeat(context(w, redisPubSub), input(w, n))),
    );
    rows.push(
      await measure("heartbeat() domain op + authenticate(), Redis pubsub", seconds, concurrency, async (w, n) => {
        const viewer = await authenticate(pool, `Bearer ${agent(w).token}`);
        const ctx = contextForViewer(runtime, viewer, neverAborted);
        return heartbeat(ctx, input(w, n));
      }),
    );

    // The GraphQL layers on top: graphql-js execute() of the runner's heartbeat document (parsed
    // once), then yoga without a socket (request parsing, parse/validate caches, envelop, response).
    const document = parse(opts.heartbeatDocument);
    const gqlInput = (w: number, n: number) => ({ ...input(w, n), runId: run(w) });
    const check = (result: { errors?: readonly unknown[] }) => {
      if (result.errors?.length) throw new Error(`breakdown: ${JSON.stringify(result.errors)}`);
    };
    rows.push(
      await measure("graphql execute(heartbeat), viewer cached, Redis pubsub", seconds, concurrency, async (w, n) =>
        check(await execute({ schema, document, contextValue: context(w, redisPubSub), variableValues: { input: gqlInput(w, n) } })),
      ),
    );
    let requestViewerCached = true;
    const yoga = createYoga<{ agent: number }>({
      schema,
      logging: false,
      landingPage: false,
      graphiql: false,
      context: ({ request }) => {
        const w = Number(request.headers.get("x-worker"));
        if (requestViewerCached) return context(w, redisPubSub);
        let viewer: ReturnType<typeof authenticate> | undefined;
        return { ...runtime, signal: request.signal, viewer: () => (viewer ??= authenticate(pool, request.headers.get("authorization"))), resolvedViewer: () => undefined };
      },
    });
    const viaYoga = async (w: number, body: string) => {
      const res = await yoga.fetch("http://bench/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${agent(w).token}`, "x-worker": String(w) },
        body,
      });
      const text = await res.text();
      if (text.includes('"errors"')) throw new Error(`breakdown: ${text}`);
    };
    const hbBody = (w: number, n: number) => JSON.stringify({ query: opts.heartbeatDocument, variables: { input: gqlInput(w, n) } });
    rows.push(await measure("yoga.fetch { __typename } (no socket)", seconds, concurrency, (w) => viaYoga(w, JSON.stringify({ query: "{ __typename }" }))));
    rows.push(await measure("yoga.fetch heartbeat (no socket), viewer cached", seconds, concurrency, (w, n) => viaYoga(w, hbBody(w, n))));
    requestViewerCached = false;
    rows.push(await measure("yoga.fetch heartbeat (no socket), authenticate() per request", seconds, concurrency, (w, n) => viaYoga(w, hbBody(w, n))));
  } finally {
    await app.stop();
  }
  return rows;
}

export function breakdownTable(rows: BreakdownRow[]): string {
  const width = Math.max(...rows.map((r) => r.label.length));
  const lines = [`  ${"".padEnd(width)}   ops/s   CPU µs/op   p50 ms   p99 ms`];
  for (const r of rows) {
    lines.push(
      `  ${r.label.padEnd(width)}  ${fmt.rate(r.opsPerSecond).padStart(6)}  ${r.cpuUsPerOp.toFixed(0).padStart(10)}  ${fmt.ms(r.p50).padStart(7)}  ${fmt.ms(r.p99).padStart(7)}`,
    );
  }
  return lines.join("\n");
}
