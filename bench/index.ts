// `npm run bench` runs every benchmark; `npm run bench -- heartbeat [--agents 50]` runs the named
// ones. Each prints its own figures next to a baseline measured in the same run; nothing here
// asserts on speed.
import { dispatchBenchmark } from "./dispatch.js";
import { fanoutBenchmark } from "./fanout.js";
import { heartbeatBenchmark } from "./heartbeat.js";
import { historyBenchmark } from "./history.js";
import { leasesBenchmark } from "./leases.js";
import { queryCostBenchmark } from "./query-cost.js";
import { runLogsBenchmark } from "./run-logs.js";
import { soakBenchmark } from "./soak.js";
import { subscribersBenchmark } from "./subscribers.js";
import { availableParallelism, loadavg } from "node:os";
import { Flags, runCleanups, serverLogTails } from "./support.js";

export interface Benchmark {
  name: string;
  summary: string;
  /** Flag name → help text. */
  flags: Record<string, string>;
  run(flags: Flags): Promise<void>;
}

const BENCHMARKS: Benchmark[] = [dispatchBenchmark, heartbeatBenchmark, historyBenchmark, fanoutBenchmark, leasesBenchmark, queryCostBenchmark, runLogsBenchmark, subscribersBenchmark, soakBenchmark];

function usage(): string {
  const lines = ["usage: npm run bench [-- [NAME...] [--flag value...]]", "", "benchmarks:"];
  for (const b of BENCHMARKS) {
    lines.push(`  ${b.name.padEnd(10)} ${b.summary}`);
    for (const [flag, help] of Object.entries(b.flags)) lines.push(`      --${flag.padEnd(16)} ${help}`);
  }
  lines.push("", "env: BENCH_DATABASE_URL (Postgres server, default postgresql://postgres@127.0.0.1:5432/postgres),");
  lines.push("     REDIS_URL (default redis://127.0.0.1:6379), BENCH_KEEP_DB=1 keeps the database, DEBUG_SERVER=1 echoes server logs");
  return lines.join("\n");
}

function loadLine(): string {
  return `${loadavg().map((l) => l.toFixed(2)).join(" ")} (1, 5, 15 min) on ${availableParallelism()} cores`;
}

async function main(): Promise<number> {
  const flags = new Flags(process.argv.slice(2));
  if (flags.bool("help")) {
    console.log(usage());
    return 0;
  }
  const unknownNames = flags.positional.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknownNames.length) {
    console.error(`unknown benchmark(s): ${unknownNames.join(", ")}\n\n${usage()}`);
    return 2;
  }
  const selected = flags.positional.length ? BENCHMARKS.filter((b) => flags.positional.includes(b.name)) : BENCHMARKS;
  const known = new Set(["help", ...selected.flatMap((b) => Object.keys(b.flags))]);
  const unknownFlags = flags.names().filter((name) => !known.has(name));
  if (unknownFlags.length) {
    console.error(`unknown flag(s) for ${selected.map((b) => b.name).join(", ")}: ${unknownFlags.map((f) => `--${f}`).join(", ")}\n\n${usage()}`);
    return 2;
  }
  for (const benchmark of selected) {
    // Other work on the machine moves every figure: say how busy it was around each benchmark.
    console.log(`\n[${benchmark.name}] load average at start: ${loadLine()}`);
    try {
      await benchmark.run(flags);
      console.log(`\n[${benchmark.name}] load average at end: ${loadLine()}`);
    } finally {
      // Each benchmark's servers, database and temp files go before the next one starts.
      await runCleanups();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    console.error(serverLogTails());
    await runCleanups();
    process.exit(1);
  },
);
