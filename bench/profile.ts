// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by area (our files, each npm
// package, node internals, GC, idle) and inclusive time of a few frames on the hot path.
import { readFileSync } from "node:fs";
import { REPO_ROOT } from "./support.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Frames whose inclusive time is worth naming: [label, function name, url fragment]. */
const MARKERS: Array<[string, RegExp, string]> = [
  ["HTTP layer: graphql-yoga + @whatwg-node (request parsing, Response, headers)", /.*/, "/graphql-yoga/|/@whatwg-node/"],
  ["GraphQL execution: @graphql-tools/executor + graphql", /.*/, "/@graphql-tools/executor/|/graphql/execution/|/graphql/utilities/"],
  ["envelop plugins", /.*/, "/@envelop/"],
  ["Pothos (scope-auth, prisma, relay plugins)", /.*/, "/@pothos/"],
  ["yoga's request body size limit (a stream around every body)", /.*/, "/use-limit-request-body-size"],
  ["query limits (server/query-limits.ts)", /.*/, "/server/query-limits.ts"],
  ["request log and metrics (server/request-log.ts)", /.*/, "/server/request-log.ts"],
  ["auth: authenticate()", /^authenticate$/, "/resolvers/auth.ts"],
  ["GraphQL variable coercion (graphql-js coerceInputValue)", /^coerceVariableValues$|^getVariableValues$/, "/graphql/|/@graphql-tools/"],
  ["heartbeat() resolver (sync part)", /^heartbeat$/, "/resolvers/heartbeats.ts"],
  ["publishRunEvent (serialising and sending to Redis)", /^publishRunEvent$/, "/resolvers/events.ts"],
  ["zod", /.*/, "/zod/"],
  ["Prisma client runtime (JS)", /.*/, "/@prisma/client/"],
  ["Prisma query compiler (wasm)", /.*/, "wasm://"],
  ["Prisma adapter-pg", /.*/, "/@prisma/adapter-pg/"],
  ["pg + pg-protocol + pg-pool", /.*/, "/pg/lib/|/pg-protocol/|/pg-pool/"],
  ["ioredis (PUBLISH)", /.*/, "/ioredis/"],
  ["node http server internals", /.*/, "node:_http_"],
  ["net/stream (socket reads and writes)", /.*/, "node:net|node:internal/stream_base_commons|node:internal/streams/"],
];

interface ProfileTotals {
  /** Sampled ms in all, and on CPU (not idle). */
  totalMs: number;
  busyMs: number;
  selfByArea: Map<string, number>;
  inclusiveByMarker: Map<string, number>;
  selfByFunction: Map<string, number>;
}

function readProfile(file: string): ProfileTotals {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByArea = new Map<string, number>();
  const inclusiveByMarker = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let totalMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000; // µs → ms (delta to the next sample)
    totalMs += dt;
    const leaf = byId.get(profile.samples[i]!)!;
    const area = areaOf(leaf.callFrame);
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + dt);
    const fn = `${leaf.callFrame.functionName || "(anonymous)"} ${shortUrl(leaf.callFrame.url)}:${leaf.callFrame.lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      for (const [label, name, url] of MARKERS) {
        if (seen.has(label)) continue;
        if (name.test(frame.functionName) && url.split("|").some((u) => frame.url.includes(u))) seen.add(label);
      }
    }
    for (const label of seen) inclusiveByMarker.set(label, (inclusiveByMarker.get(label) ?? 0) + dt);
  }
  return { totalMs, busyMs: totalMs - (selfByArea.get("(idle)") ?? 0), selfByArea, inclusiveByMarker, selfByFunction };
}

export function summarizeCpuProfile(file: string, top = 18): string {
  const { totalMs: total, busyMs: busy, selfByArea, inclusiveByMarker, selfByFunction } = readProfile(file);
  const lines: string[] = [];
  const pctOf = (ms: number, of: number) => `${((100 * ms) / of).toFixed(1).padStart(5)}%`;
  lines.push(`profile: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s on CPU (${pctOf(busy, total).trim()}); percentages below are of on-CPU time`);
  lines.push("self time by area:");
  for (const [area, ms] of [...selfByArea].filter(([a]) => a !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pctOf(ms, busy)}  ${area}`);
  }
  lines.push("inclusive time of hot-path frames (synchronous stacks only; async continuations are not attributed to their caller):");
  for (const [label] of MARKERS) {
    const ms = inclusiveByMarker.get(label) ?? 0;
    lines.push(`  ${pctOf(ms, busy)}  ${label}`);
  }
  lines.push("top self-time functions:");
  for (const [fn, ms] of [...selfByFunction].filter(([f]) => !f.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pctOf(ms, busy)}  ${fn}`);
  }
  return lines.join("\n");
}

/**
 * Two profiles of one server side by side, in CPU µs per request: each window's profile divided
 * by the requests it answered. What the second costs beyond the first, area by area, is where
 * its extra time goes (the first being the same server's `{ __typename }`, the HTTP + yoga floor).
 */
export function compareCpuProfiles(windows: Array<{ label: string; file: string; requests: number }>, top = 16): string {
  const read = windows.map((w) => ({ ...w, totals: readProfile(w.file) }));
  const perRequest = (ms: number, requests: number) => (requests > 0 ? (ms * 1000) / requests : NaN);
  const width = 64;
  const head = `  ${"µs per request".padEnd(width)}${read.map((w) => w.label.padStart(12)).join("")}`;
  const row = (label: string, values: number[]) => `  ${label.slice(0, width - 1).padEnd(width)}${values.map((v) => v.toFixed(0).padStart(12)).join("")}`;
  const lines = [head, row("on CPU in all", read.map((w) => perRequest(w.totals.busyMs, w.requests)))];
  const last = read[read.length - 1]!;
  lines.push("self time by area (the last window's largest first):");
  const areas = [...last.totals.selfByArea].filter(([a]) => a !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [area] of areas) lines.push(row(area, read.map((w) => perRequest(w.totals.selfByArea.get(area) ?? 0, w.requests))));
  lines.push("inclusive time of hot-path frames (synchronous stacks only):");
  for (const [label] of MARKERS) lines.push(row(label, read.map((w) => perRequest(w.totals.inclusiveByMarker.get(label) ?? 0, w.requests))));
  return lines.join("\n");
}

function areaOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName.startsWith("(")) return functionName; // (garbage collector), (program), (idle)
    return "(native/V8 builtins)";
  }
  if (url.startsWith("wasm://")) return "wasm (Prisma query compiler)";
  if (url.startsWith("node:")) return `node internals (${url.slice(5).split("/")[0]!.replace(/^internal$/, "internal")})`;
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "/node_modules/".length).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return `npm ${pkg}`;
  }
  const repo = url.indexOf(REPO_ROOT);
  const rel = repo >= 0 ? url.slice(repo + REPO_ROOT.length) : shortUrl(url);
  return `repo ${rel.split("/").slice(0, 2).join("/")}`;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) return url.slice(nm + "/node_modules/".length);
  return url.replace(/^file:\/\/.*?\/(resolvers|schema|server|pubsub|prisma)\//, "$1/");
}
