// GET /metrics as Prometheus scrapes it: valid text exposition, counters that move with the work
// done, fleet-wide gauges read from the database, and no tenant's name or company id in any label.
import { decodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gqlData } from "./support/graphql-client.js";
import { claimRun, createIssue, FinishRun, Heartbeat, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { startApp, type TestApp } from "./support/app.js";

const COMPANY_NAME = "metrics-tenant-acme";
let db: TestDatabase;
let server: TestApp;
let agent: Agent;
let cleaner: Agent;
let companyId: string;
let environmentId: string;
let issueId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "4" } });
  const seed = await seedCompany(server.url, { company: COMPANY_NAME, agents: ["metered", "cleaner"], issue: "metrics", environment: { name: "metrics-env", capacity: 3 } });
  [agent, cleaner] = seed.agents as [Agent, Agent];
  ({ companyId, environmentId, issueId } = seed);
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reading of the text format (version 0.0.4): every line is a HELP or TYPE comment or a
 * sample `name{label="value",…} number`; a sample's family has a TYPE. Throws on anything else.
 */
function parseExposition(text: string): Sample[] {
  const typed = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === "TYPE") {
        expect(comment[3], line).toMatch(/^(counter|gauge|histogram|summary|untyped)$/);
        typed.add(comment[2]!);
      }
      continue;
    }
    // Values as Prometheus reads them (Go's ParseFloat: NaN in any case; prom-client writes "Nan"
    // for an event-loop lag with no samples yet).
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus text line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[key!] = value!;
    const family = sample[1]!.replace(/_(bucket|sum|count|total)$/, "");
    if (!typed.has(sample[1]!) && !typed.has(family)) throw new Error(`sample without a TYPE: ${line}`);
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return samples;
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseExposition(text) };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

describe("GET /metrics", () => {
  it("parses as Prometheus text; heartbeats, grants, dispatch and operations move with the work; gauges read the fleet", async () => {
    const before = await scrape();
    expect(value(before.samples, "runyard_process_cpu_seconds_total")).toBeGreaterThan(0);

    const run = await startRun(server.url, agent, { issueId, environmentId });
    await claimRun(server.url, agent.token, run.id, { runnerId: "metrics-runner", pid: 4242 });
    const BEATS = 7;
    for (let i = 0; i < BEATS; i++) await gqlData(server.url, agent.token, Heartbeat, { input: { runId: run.id, pid: 4242 } });

    const after = await scrape();
    expect(value(after.samples, "runyard_heartbeats_total") - value(before.samples, "runyard_heartbeats_total")).toBe(BEATS);
    expect(value(after.samples, "runyard_heartbeat_write_seconds_count") - value(before.samples, "runyard_heartbeat_write_seconds_count")).toBe(BEATS);
    expect(value(after.samples, "runyard_lease_grants_total") - value(before.samples, "runyard_lease_grants_total")).toBe(1);
    expect(value(after.samples, "runyard_dispatch_latency_seconds_count") - value(before.samples, "runyard_dispatch_latency_seconds_count")).toBe(1);
    expect(value(after.samples, "runyard_run_transitions_total", { to: "RUNNING" }) - value(before.samples, "runyard_run_transitions_total", { to: "RUNNING" })).toBe(1);
    const beatOps = { type: "mutation", field: "heartbeat", outcome: "ok" };
    expect(value(after.samples, "runyard_graphql_operation_duration_seconds_count", beatOps) - value(before.samples, "runyard_graphql_operation_duration_seconds_count", beatOps)).toBe(BEATS);
    expect(value(after.samples, "runyard_runs", { status: "RUNNING" })).toBe(1);
    expect(value(after.samples, "runyard_leases_active", { environment: environmentId })).toBe(1);
    expect(value(after.samples, "runyard_environment_capacity", { environment: environmentId })).toBe(3);
    expect(value(after.samples, "runyard_provider_ready", { provider: "local" })).toBe(1);
    // Histograms have cumulative buckets ending in +Inf, equal to their count.
    const buckets = after.samples.filter((s) => s.name === "runyard_heartbeat_write_seconds_bucket");
    expect(buckets.at(-1)).toMatchObject({ labels: { le: "+Inf" }, value: value(after.samples, "runyard_heartbeat_write_seconds_count") });

    // No tenant in any label value: not the company's id (raw or global) nor its name.
    const rawCompanyId = decodeGlobalID(companyId).id;
    for (const sample of after.samples) {
      for (const labelValue of Object.values(sample.labels)) {
        expect(labelValue).not.toContain(COMPANY_NAME);
        expect(labelValue).not.toContain(companyId);
        expect(labelValue).not.toContain(rawCompanyId);
      }
    }
    expect(after.text).not.toContain(COMPANY_NAME);
    expect(value(after.samples, "runyard_fleet_read_up")).toBe(1);
  });

  it("counts lease cleanups by outcome and shows each provider's breaker, read from the database", async () => {
    const before = await scrape();
    const run = await startRun(server.url, cleaner, { issueId: await createIssue(server.url, companyId, "cleanup metrics"), environmentId });
    await claimRun(server.url, cleaner.token, run.id, { runnerId: "metrics-runner", pid: 4243 });
    await gqlData(server.url, cleaner.token, FinishRun, { input: { runId: run.id, status: "SUCCEEDED", exitCode: 0 } });
    // The ended lease's release() runs after the finish commits: wait for its outcome's count.
    const done = { outcome: "done" };
    let after = await scrape();
    for (let i = 0; i < 100 && value(after.samples, "runyard_lease_cleanup_attempts_total", done) === value(before.samples, "runyard_lease_cleanup_attempts_total", done); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await scrape();
    }
    expect(value(after.samples, "runyard_lease_cleanup_attempts_total", done) - value(before.samples, "runyard_lease_cleanup_attempts_total", done)).toBe(1);
    expect(value(after.samples, "runyard_provider_breaker_open", { provider: "local" })).toBe(0);

    // The breaker row is what every replica shares: open it as a failing provider would.
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query(`INSERT INTO "ProviderBreaker" ("providerKey", "consecutiveFailures", "openUntil", "coolDownMs") VALUES ('local', 5, now() + interval '1 minute', 60000)`);
      expect(value((await scrape()).samples, "runyard_provider_breaker_open", { provider: "local" })).toBe(1);
      await sql.query(`DELETE FROM "ProviderBreaker" WHERE "providerKey" = 'local'`);
      expect(value((await scrape()).samples, "runyard_provider_breaker_open", { provider: "local" })).toBe(0);
    } finally {
      await sql.end();
    }
  });

  it("scrapes that arrive together share one (one set of reads); the next one reads afresh", async () => {
    const metrics = server.app.runtime.metrics;
    const together = Array.from({ length: 20 }, () => metrics.scrape());
    expect(new Set(together).size).toBe(1);
    await together[0];
    expect(metrics.scrape()).not.toBe(together[0]);
  });
});

