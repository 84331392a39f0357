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
  ["auth: authenticate()", /^authenticate$/, "/resolvers/auth.ts"],
  ["heartbeat() resolver (sync part)", /^heartbeat$/, "/resolvers/heartbeats.ts"],
  ["zod", /.*/, "/zod/"],
  ["Prisma client runtime (JS)", /.*/, "/@prisma/client/"],
  ["Prisma query compiler (wasm)", /.*/, "wasm://"],
  ["Prisma adapter-pg", /.*/, "/@prisma/adapter-pg/"],
  ["pg + pg-protocol + pg-pool", /.*/, "/pg/lib/|/pg-protocol/|/pg-pool/"],
  ["ioredis (PUBLISH)", /.*/, "/ioredis/"],
  ["node http server internals", /.*/, "node:_http_"],
  ["net/stream (socket reads and writes)", /.*/, "node:net|node:internal/stream_base_commons|node:internal/streams/"],
];

export function summarizeCpuProfile(file: string, top = 18): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByArea = new Map<string, number>();
  const inclusiveByMarker = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000; // µs → ms (delta to the next sample)
    total += dt;
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
  const busy = total - (selfByArea.get("(idle)") ?? 0);
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
