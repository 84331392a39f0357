// What a costly document does to a replica: the nested `node → agents → company → agents …`
// selection at growing depth, and a flood of aliased `companies(first: 100)`, each timed with the
// server's resident memory (VmRSS, and its peak VmHWM) read from /proc after the answer.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Benchmark } from "./index.js";
import { createAgents, createCompany } from "./fixtures.js";
import { ADMIN_TOKEN, createBenchDatabase, header, startServer, type Flags } from "./support.js";

/** `node(id: company) { …on Company { agents(first: 1) { edges { node { company { agents … } } } } } }`, k levels of agents. */
export function nestedAgentsQuery(companyId: string, k: number): string {
  let inner = "id";
  for (let i = 0; i < k; i++) inner = `agents(first: 1) { edges { node { company { ${inner} } } } }`;
  return `{ node(id: "${companyId}") { ... on Company { ${inner} } } }`;
}

export function aliasFloodQuery(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `c${i}: companies(first: 100) { edges { node { id name } } }`).join(" ")} }`;
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}

async function timed(url: string, token: string, query: string, timeoutMs: number): Promise<string> {
  const start = performance.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = performance.now() - start;
    let code = "ok";
    try {
      const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
      if (body.errors?.length) code = body.errors[0]?.extensions?.code ?? "error";
    } catch {
      code = "not JSON";
    }
    return `${response.status} ${code}, ${Math.round(ms)} ms, ${Math.round(text.length / 1024)} KiB answer`;
  } catch (error) {
    return `no answer after ${Math.round(performance.now() - start)} ms (${error instanceof Error ? error.message : String(error)})`;
  }
}

export const queryCostBenchmark: Benchmark = {
  name: "query-cost",
  summary: "nested agents→company selections and an alias flood: answer time and the server's memory",
  flags: { "max-nesting": "the deepest nesting tried: 1, 2 (under the depth limit), then 4 in steps of 4 (default 24)", aliases: "aliases in the flood (default 10000)" },
  async run(flags: Flags) {
    const maxNesting = flags.number("max-nesting", 24);
    const depths = [1, 2, ...Array.from({ length: Math.floor(maxNesting / 4) }, (_, i) => 4 * (i + 1))];
    const aliases = flags.number("aliases", 10_000);
    const db = await createBenchDatabase();
    const server = await startServer({ databaseUrl: db.url, label: "query-cost" });
    const companyId = await createCompany(server.url, "query-cost");
    const [agent] = await createAgents(server.url, companyId, 2, 60, "qc");
    header("query cost");
    const before = memoryMiB(server.pid);
    console.log(`server at rest: RSS ${Math.round(before.rss)} MiB`);
    for (const k of depths) {
      const answer = await timed(server.url, agent!.token, nestedAgentsQuery(companyId, k), 120_000);
      const memory = memoryMiB(server.pid);
      console.log(`nested K=${String(k).padStart(2)}: ${answer}; RSS ${Math.round(memory.rss)} MiB, peak ${Math.round(memory.peak)} MiB`);
    }
    const flood = await timed(server.url, ADMIN_TOKEN, aliasFloodQuery(aliases), 120_000);
    const memory = memoryMiB(server.pid);
    console.log(`${aliases} aliases of companies(first: 100): ${flood}; RSS ${Math.round(memory.rss)} MiB, peak ${Math.round(memory.peak)} MiB`);
    const still = await timed(server.url, ADMIN_TOKEN, "{ __typename }", 10_000);
    console.log(`afterwards, { __typename }: ${still}`);
  },
};
