// Shared pieces of the benchmarks: a fresh database, real server processes (started as the tests
// start them), a lean keep-alive HTTP client for load, closed-loop drivers, percentiles, process
// CPU accounting and flags.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../server/ports.js";
import { startServer as startTestServer, type ServerProcess } from "../test/support/server-process.js";

export type { ServerProcess };

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const ADMIN_TOKEN = `runyard-bench-admin-${randomBytes(12).toString("hex")}`;

// ---------------------------------------------------------------------------------------------
// Cleanup: everything a benchmark starts is registered here and undone on exit or Ctrl-C.

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];

/** Runs `fn` at cleanup time (last registered, first run). */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    await fn().catch((err: unknown) => console.error(`cleanup failed: ${String(err)}`));
  }
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void runCleanups().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Database: created empty; the server's own start-up migrates it.

export interface BenchDatabase {
  name: string;
  url: string;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `runyard_bench_${randomBytes(5).toString("hex")}`;
  await onPostgres(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const keep = process.env.BENCH_KEEP_DB === "1";
  onCleanup(async () => {
    if (keep) console.log(`kept database ${name} (BENCH_KEEP_DB=1)`);
    else await onPostgres(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return { name, url: url.toString() };
}

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A plain pg connection to the bench database, closed at cleanup. */
export async function connectPg(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  onCleanup(() => client.end());
  return client;
}

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onCleanup(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Server processes: the tests' own starter (`node --import tsx server/main.ts`, as in production),
// stopped at cleanup.

const startedServers: Array<{ label: string; output: () => string }> = [];

/** The last lines of every server's log, for a benchmark that failed. */
export function serverLogTails(lines = 25): string {
  return startedServers
    .map(({ label, output }) => `--- ${label} (last ${lines} lines) ---\n${output().split("\n").slice(-lines).join("\n")}`)
    .join("\n");
}

export async function startServer(opts: { databaseUrl: string; redisUrl?: string; env?: Record<string, string>; label?: string }): Promise<ServerProcess> {
  const label = opts.label ?? "server";
  const server = await startTestServer({
    databaseUrl: opts.databaseUrl,
    redisUrl: opts.redisUrl ?? REDIS_URL,
    adminToken: ADMIN_TOKEN,
    // The server's own default pool, not the tests' small one, unless the benchmark sets it.
    env: { RUNYARD_DB_POOL_SIZE: "20", ...opts.env },
    readyTimeoutMs: 60_000,
    label,
  });
  startedServers.push({ label, output: server.output });
  onCleanup(() => server.stop());
  return server;
}

export function exitPromise(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });
}

// ---------------------------------------------------------------------------------------------
// GraphQL over HTTP. `gqlData` (fetch) is for setup; `LoadClient` (node:http, keep-alive, one
// socket per concurrent caller, no per-request allocation beyond the body) is for load.

export interface GqlError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export async function gqlData<T>(url: string, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlError[] };
  if (body.errors?.length) throw new Error(`GraphQL errors: ${body.errors.map((e) => `[${e.extensions?.code ?? "?"}] ${e.message}`).join("; ")}`);
  return body.data as T;
}

export interface LoadResponse {
  status: number;
  body: string;
}

export class LoadClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, keepAliveMsecs: 10_000 });
  }

  post(token: string, body: string): Promise<LoadResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          path: "/graphql",
          method: "POST",
          agent: this.agent,
          headers: {
            "content-type": "application/json",
            accept: "application/graphql-response+json, application/json",
            "content-length": Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The error code of a GraphQL response body, "HTTP <status>" for a non-JSON answer, or null if it succeeded. */
export function errorCode(res: LoadResponse): string | null {
  if (res.status !== 200 && !res.body.startsWith("{")) return `HTTP ${res.status}`;
  // Cheap path: a successful answer has no "errors" key.
  if (!res.body.includes('"errors"')) return res.status === 200 ? null : `HTTP ${res.status}`;
  try {
    const parsed = JSON.parse(res.body) as { errors?: GqlError[] };
    return parsed.errors?.[0]?.extensions?.code ?? "NO_CODE";
  } catch {
    return `HTTP ${res.status}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Closed-loop load: `concurrency` workers, each issuing its next request as soon as the last one
// answers. Latencies and counts are recorded only inside the measured window (after warm-up).

export interface PhaseResult {
  label: string;
  seconds: number;
  ok: number;
  errors: Map<string, number>;
  /** Latencies (ms) of successful requests inside the window. */
  latencies: Float64Array;
  cpu: CpuSample;
}

export interface ClosedLoopOptions {
  label: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** One request of worker `i`: resolves with an error code or null on success. */
  request: (worker: number, iteration: number) => Promise<string | null>;
  /** Processes whose CPU time to account over the measured window. */
  pids?: Record<string, number[] | (() => Promise<number[]>)>;
  /** Called when the measured window opens and closes (e.g. to start and stop a profiler). */
  onWindowStart?: () => Promise<void>;
  onWindowEnd?: () => Promise<void>;
}

export async function closedLoop(opts: ClosedLoopOptions): Promise<PhaseResult> {
  const latencies = new LatencyRecorder();
  const errors = new Map<string, number>();
  let ok = 0;
  let measuring = false;
  let stopping = false;
  const worker = async (i: number): Promise<void> => {
    for (let n = 0; !stopping; n++) {
      const t0 = performance.now();
      let code: string | null;
      try {
        code = await opts.request(i, n);
      } catch (err) {
        code = `CLIENT ${(err as Error).message}`;
      }
      const ms = performance.now() - t0;
      if (!measuring || stopping) continue;
      if (code === null) {
        ok++;
        latencies.add(ms);
      } else {
        errors.set(code, (errors.get(code) ?? 0) + 1);
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency }, (_, i) => worker(i));
  await sleep(opts.warmupMs);
  await opts.onWindowStart?.();
  const cpuStart = await sampleCpu(opts.pids ?? {});
  const t0 = performance.now();
  measuring = true;
  await sleep(opts.durationMs);
  stopping = true;
  const seconds = (performance.now() - t0) / 1000;
  const cpuEnd = await sampleCpu(opts.pids ?? {});
  await opts.onWindowEnd?.();
  await Promise.all(workers);
  return { label: opts.label, seconds, ok, errors, latencies: latencies.values(), cpu: diffCpu(cpuStart, cpuEnd, seconds) };
}

/**
 * A measured window for load that drives itself: waits the warm-up, calls onWindowStart, samples
 * CPU, waits the duration, samples again, calls onWindowEnd.
 */
export async function measuredWindow(opts: Pick<ClosedLoopOptions, "warmupMs" | "durationMs" | "pids" | "onWindowStart" | "onWindowEnd">): Promise<{ seconds: number; cpu: CpuSample }> {
  await sleep(opts.warmupMs);
  await opts.onWindowStart?.();
  const cpuStart = await sampleCpu(opts.pids ?? {});
  const t0 = performance.now();
  await sleep(opts.durationMs);
  const seconds = (performance.now() - t0) / 1000;
  const cpuEnd = await sampleCpu(opts.pids ?? {});
  await opts.onWindowEnd?.();
  return { seconds, cpu: diffCpu(cpuStart, cpuEnd, seconds) };
}

/**
 * CPU accounting over a window that ends when the load does (a queue drained) rather than after a
 * fixed time: call the returned function at its end.
 */
export async function cpuWindow(pids: ClosedLoopOptions["pids"] = {}): Promise<() => Promise<{ seconds: number; cpu: CpuSample }>> {
  const cpuStart = await sampleCpu(pids);
  const t0 = performance.now();
  return async () => {
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, cpu: diffCpu(cpuStart, await sampleCpu(pids), seconds) };
  };
}

export class LatencyRecorder {
  private buf = new Float64Array(1 << 16);
  private n = 0;
  add(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }
  get count(): number {
    return this.n;
  }
  values(): Float64Array {
    return this.buf.slice(0, this.n);
  }
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: Float64Array | number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  // Nearest-rank.
  const at = (p: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1]!, mean: sum / n };
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): user+system time of given processes over a window, so a
// report can say how many CPU-ms each request cost the server, Postgres and the load generator.

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** group → CPU ms over the window, and "<group>%" → utilisation of one core. */
export type CpuSample = Record<string, number>;

/** Raw readings: group → pid → CPU ms so far ("client" is this process). */
type CpuReading = Map<string, Map<number, number>>;

async function sampleCpu(groups: Record<string, number[] | (() => Promise<number[]>)>): Promise<CpuReading> {
  const out: CpuReading = new Map();
  const self = process.cpuUsage();
  out.set("client", new Map([[process.pid, (self.user + self.system) / 1000]]));
  for (const [group, source] of Object.entries(groups)) {
    const pids = typeof source === "function" ? await source() : source;
    out.set(group, new Map(pids.map((pid) => [pid, procCpuMs(pid)])));
  }
  return out;
}

// Per process: a process seen at both ends counts its difference; one that appeared during the
// window (a new database connection) counts all its time; one that vanished is lost (rare, small).
function diffCpu(a: CpuReading, b: CpuReading, seconds: number): CpuSample {
  const out: CpuSample = {};
  for (const [group, end] of b) {
    const start = a.get(group) ?? new Map<number, number>();
    let ms = 0;
    for (const [pid, v] of end) ms += v - (start.get(pid) ?? 0);
    out[group] = ms;
    out[`${group}%`] = (100 * ms) / (seconds * 1000);
  }
  return out;
}

function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" that closes the command name: state is field 3; utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0; // the process is gone
  }
}

/** The process's resident set in MB, or NaN once it is gone. */
export function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
  } catch {
    return NaN;
  }
}

/** A server's live pubsub listeners, and how many ever became live (/healthz). */
export async function subscriptionsOf(url: string): Promise<{ active: number; established: number }> {
  const body = (await (await fetch(`${url}/healthz`)).json()) as { subscriptions: { active: number; established: number } };
  return body.subscriptions;
}

/** PIDs of the Postgres backends serving `database` (run as root or as postgres to read /proc). */
export function postgresBackends(pgc: pg.Client, database: string, exclude: number[] = []): () => Promise<number[]> {
  return async () => {
    const { rows } = await pgc.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
    return rows.map((r) => r.pid).filter((pid) => !exclude.includes(pid));
  };
}

/** Committed + rolled-back transactions of a database so far (each autocommit statement is one). */
export async function databaseTransactions(pgc: pg.Client, database: string): Promise<number> {
  // Backends flush their counters at most once a second; wait for the last ones.
  await sleep(1_100);
  await pgc.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await pgc.query<{ n: string }>(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1`, [database]);
  return Number(rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Flags: `--name value` or `--name=value`; positional words are benchmark names.

export class Flags {
  readonly positional: string[] = [];
  private readonly values = new Map<string, string>();
  readonly used = new Set<string>();

  constructor(argv: string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (arg === "--") continue;
      if (!arg.startsWith("--")) {
        this.positional.push(arg);
        continue;
      }
      const eq = arg.indexOf("=");
      if (eq > 0) this.values.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) this.values.set(arg.slice(2), argv[++i]!);
      else this.values.set(arg.slice(2), "true");
    }
  }

  number(name: string, fallback: number): number {
    this.used.add(name);
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
    return value;
  }

  bool(name: string): boolean {
    this.used.add(name);
    const raw = this.values.get(name);
    return raw !== undefined && raw !== "false" && raw !== "0";
  }

  names(): string[] {
    return [...this.values.keys()];
  }
}

// ---------------------------------------------------------------------------------------------
// Small things.

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The raw UUID inside a Relay global id (base64 "Type:uuid"). */
export function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new Error(`not a global id: ${globalId}`);
  return decoded.slice(colon + 1);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const fmt = {
  ms: (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : "n/a"),
  rate: (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1)),
  pct: (v: number): string => `${v.toFixed(0)}%`,
};

export function latencyLine(p: Percentiles): string {
  return `p50 ${fmt.ms(p.p50)} ms  p90 ${fmt.ms(p.p90)} ms  p99 ${fmt.ms(p.p99)} ms  max ${fmt.ms(p.max)} ms  (n=${p.count})`;
}

export function errorsLine(errors: Map<string, number>): string {
  if (errors.size === 0) return "none";
  return [...errors.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ×${n}`).join(", ");
}

export function cpuLine(cpu: CpuSample, requests: number): string {
  const parts: string[] = [];
  for (const key of Object.keys(cpu)) {
    if (key.endsWith("%")) continue;
    const perReq = requests > 0 ? (cpu[key]! / requests) * 1000 : NaN;
    parts.push(`${key} ${fmt.pct(cpu[`${key}%`]!)} (${perReq.toFixed(0)} µs/req)`);
  }
  return parts.join(", ");
}

export function header(title: string): void {
  console.log(`\n=== ${title} ${"=".repeat(Math.max(0, 70 - title.length))}`);
}

// ---------------------------------------------------------------------------------------------
// Open-loop load: requests are scheduled at a fixed total rate, whether or not earlier ones have
// answered, and each latency is measured from its scheduled send time (no coordinated omission).

export interface OpenLoopOptions {
  label: string;
  ratePerSecond: number;
  workers: number;
  warmupMs: number;
  durationMs: number;
  request: (worker: number, iteration: number) => Promise<string | null>;
  pids?: ClosedLoopOptions["pids"];
}

export async function openLoop(opts: OpenLoopOptions): Promise<PhaseResult & { maxInFlight: number; sent: number; clientDelay: { p99: number; max: number } }> {
  const latencies = new LatencyRecorder();
  // This process's own event-loop delay over the window: latency from the scheduled send counts
  // it too, so a tail the client caused shows here and not as the server's.
  const delayResolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: delayResolutionMs });
  const errors = new Map<string, number>();
  let ok = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const interval = 1000 / opts.ratePerSecond;
  let sent = 0;
  let cpuStart: CpuReading | undefined;
  const fire = (scheduled: number, n: number): void => {
    const worker = n % opts.workers;
    const iteration = Math.floor(n / opts.workers);
    inFlight++;
    if (scheduled >= measureFrom && inFlight > maxInFlight) maxInFlight = inFlight;
    const p = opts
      .request(worker, iteration)
      .catch((err: unknown) => `CLIENT ${(err as Error).message}`)
      .then((code) => {
        inFlight--;
        if (scheduled < measureFrom || scheduled >= end) return;
        if (code === null) {
          ok++;
          latencies.add(performance.now() - scheduled);
        } else {
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  for (;;) {
    const now = performance.now();
    if (cpuStart === undefined && now >= measureFrom) {
      cpuStart = await sampleCpu(opts.pids ?? {});
      delay.enable();
    }
    if (now >= end) break;
    // Everything due by now goes out, stamped with the time it was due.
    while (start + sent * interval <= now) {
      fire(start + sent * interval, sent);
      sent++;
    }
    await sleep(Math.min(5, start + sent * interval - performance.now()));
  }
  delay.disable();
  const cpuEnd = await sampleCpu(opts.pids ?? {});
  await Promise.all(pending);
  const seconds = opts.durationMs / 1000;
  // The monitor's samples include its own timer's interval: what is left is the delay.
  const clientDelay = { p99: Math.max(0, delay.percentile(99) / 1e6 - delayResolutionMs), max: Math.max(0, delay.max / 1e6 - delayResolutionMs) };
  return { label: opts.label, seconds, ok, errors, latencies: latencies.values(), cpu: diffCpu(cpuStart ?? new Map(), cpuEnd, seconds), maxInFlight, sent, clientDelay };
}

// ---------------------------------------------------------------------------------------------
// CPU profiling of a server over exactly the measured window, through the inspector protocol
// (the server is started with --inspect on a port we pick).

export async function inspectorPort(): Promise<number> {
  return freePort();
}

export class InspectorProfiler {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private constructor(private readonly socket: import("ws").WebSocket) {
    socket.on("message", (raw) => {
      const msg = JSON.parse(raw.toString()) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }

  static async connect(port: number): Promise<InspectorProfiler> {
    const { WebSocket } = await import("ws");
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const socket = new WebSocket(list[0]!.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    onCleanup(async () => socket.close());
    const profiler = new InspectorProfiler(socket);
    await profiler.send("Profiler.enable");
    await profiler.send("Profiler.setSamplingInterval", { interval: 500 });
    return profiler;
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(): Promise<void> {
    await this.send("Profiler.start");
  }

  /** Stops and writes the profile; returns its path. */
  async stop(file: string): Promise<string> {
    const { profile } = (await this.send("Profiler.stop")) as { profile: unknown };
    const { writeFile } = await import("node:fs/promises");
    await writeFile(file, JSON.stringify(profile));
    return file;
  }
}

// ---------------------------------------------------------------------------------------------
// Round-trip census: a server pointed at Postgres through a counting TCP proxy and at a private
// Redis, so each operation's database round trips and Redis commands can be counted exactly
// (noise-free, unlike timings on a shared machine).

export interface PgProxy {
  url: string;
  /** Extended-protocol Syncs + simple Queries sent so far: one client wait each. */
  roundTrips(): number;
  close(): Promise<void>;
}

export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  let roundTrips = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    // Frontend messages: the first (startup, SSL request) have no type byte; then type + int32 length.
    let startup = true;
    let pending: Buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let off = 0;
      for (;;) {
        if (startup) {
          if (pending.length - off < 8) break;
          const len = pending.readInt32BE(off);
          if (pending.length - off < len) break;
          const code = pending.readInt32BE(off + 4);
          if (code !== 80877103 && code !== 80877104) startup = false; // not SSLRequest / GSSENCRequest
          off += len;
          continue;
        }
        if (pending.length - off < 5) break;
        const type = pending[off]!;
        const len = pending.readInt32BE(off + 1);
        if (pending.length - off < len + 1) break;
        if (type === 0x53 /* S: Sync */ || type === 0x51 /* Q: Query */) roundTrips++;
        off += len + 1;
      }
      pending = pending.subarray(off);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  onCleanup(close);
  return { url: url.toString(), roundTrips: () => roundTrips, close };
}

export interface PrivateRedis {
  url: string;
  /** Calls per command since start (INFO commandstats), without the census's own INFO calls. */
  commandCounts(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const exited = exitPromise(child);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  onCleanup(stop);
  const { Redis } = await import("ioredis");
  const redis = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  redis.on("error", () => {}); // refused until redis-server listens; connect() below retries
  onCleanup(async () => redis.disconnect());
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await redis.connect();
      await redis.ping();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`private redis-server on ${port} did not start: ${String(err)}`);
      redis.disconnect();
      await sleep(50);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async commandCounts() {
      const info = await redis.info("commandstats");
      const counts = new Map<string, number>();
      for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
        if (m[1] === "info" || m[1] === "ping" || m[1] === "client" || m[1] === "hello" || m[1] === "select") continue;
        counts.set(m[1]!, Number(m[2]));
      }
      return counts;
    },
    stop,
  };
}

/** Runs `op` `times` times, sequentially, and returns round trips and Redis commands per call. */
export async function census(
  proxy: PgProxy,
  redis: PrivateRedis,
  times: number,
  op: (n: number) => Promise<unknown>,
): Promise<{ roundTrips: number; redis: Map<string, number> }> {
  await sleep(50); // let fire-and-forget work (PUBLISH) of earlier calls land
  const rt0 = proxy.roundTrips();
  const r0 = await redis.commandCounts();
  for (let n = 0; n < times; n++) await op(n);
  await sleep(100);
  const rt1 = proxy.roundTrips();
  const r1 = await redis.commandCounts();
  const perCall = new Map<string, number>();
  for (const [cmd, calls] of r1) {
    const d = calls - (r0.get(cmd) ?? 0);
    if (d > 0) perCall.set(cmd, d / times);
  }
  return { roundTrips: (rt1 - rt0) / times, redis: perCall };
}

export function censusLine(c: { roundTrips: number; redis: Map<string, number> }): string {
  const redis = [...c.redis].map(([cmd, n]) => `${cmd.toUpperCase()} ×${Number.isInteger(n) ? n : n.toFixed(2)}`).join(", ") || "none";
  return `${Number.isInteger(c.roundTrips) ? c.roundTrips : c.roundTrips.toFixed(2)} Postgres round trips; Redis: ${redis}`;
}

export interface CensusRig {
  server: ServerProcess;
  proxy: PgProxy;
  redis: PrivateRedis;
}

/** A server of its own for the census: Postgres through the counting proxy, a private Redis. */
export async function startCensusServer(databaseUrl: string, env: Record<string, string>): Promise<CensusRig> {
  const [proxy, redis] = await Promise.all([startPgProxy(databaseUrl), startPrivateRedis()]);
  // Its reaper would add its own round trips to the counts: it reaps once at start, then (practically) never.
  const server = await startServer({ databaseUrl: proxy.url, redisUrl: redis.url, env: { ...env, RUNYARD_REAPER_INTERVAL_MS: "86400000" }, label: "census server" });
  return { server, proxy, redis };
}

// ---------------------------------------------------------------------------------------------
// A graphql-ws subscription that records every payload with its arrival time.

export interface RecordingSubscription<T> {
  events: Array<T & { receivedAt: number }>;
  close(): Promise<void>;
}

export async function recordSubscription<T extends object>(
  wsUrl: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: Record<string, unknown>) => T,
): Promise<RecordingSubscription<T>> {
  const { createClient } = await import("graphql-ws");
  const { default: WebSocket } = await import("ws");
  const events: Array<T & { receivedAt: number }> = [];
  let connected!: () => void;
  let failed!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    connected = resolve;
    failed = reject;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    on: { connected: () => connected() },
  });
  const unsubscribe = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) events.push({ ...pick(result.data), receivedAt: performance.now() });
      },
      error: (err) => failed(err),
      complete: () => {},
    },
  );
  await ready;
  // The connection is acknowledged before the server has subscribed to its pubsub channel.
  await sleep(300);
  const close = async () => {
    unsubscribe();
    await client.dispose();
  };
  onCleanup(close);
  return { events, close };
}
