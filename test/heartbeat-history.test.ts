// What a heartbeat leaves in history (issue 14): the run keeps the last heartbeat (lastHeartbeatAt,
// pid) and counts them (heartbeatCount); its history keeps only heartbeats that say something new —
// the run's first, a new pid, one after a gap longer than RUNYARD_HEARTBEAT_HISTORY_GAP_SECONDS —
// while every heartbeat's live event still reaches subscribers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gqlData, subscribe } from "./support/graphql-client.js";
import { claimRun, createIssue, Heartbeat, seedCompany, startRun, type Agent } from "./support/fixtures.js";
import { startApp } from "./support/app.js";
import type { TestServer } from "./support/server-process.js";

const GAP_SECONDS = 1;

const RunHistory = `query History($id: ID!) {
  run(id: $id) {
    status pid lastHeartbeatAt heartbeatCount
    events(first: 100) { totalCount edges { node { id kind status pid at } } }
  }
}`;

interface HistoryData {
  run: {
    status: string;
    pid: number | null;
    lastHeartbeatAt: string;
    heartbeatCount: number;
    events: { totalCount: number; edges: Array<{ node: { id: string; kind: string; status: string; pid: number | null; at: string } }> };
  };
}

let db: TestDatabase;
let server: TestServer;
let agent: Agent;
let seed: { companyId: string; environmentId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startApp({ databaseUrl: db.url, env: { RUNYARD_DB_POOL_SIZE: "4", RUNYARD_HEARTBEAT_HISTORY_GAP_SECONDS: String(GAP_SECONDS) } });
  const s = await seedCompany(server.url, { company: "history", agents: [{ name: "beater", maxConcurrentRuns: 5 }], environment: { capacity: 5 } });
  agent = s.agents[0]!;
  seed = s;
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

/** A RUNNING run of the agent on an issue of its own, claimed with `pid`. */
async function runningRun(pid: number): Promise<string> {
  const issueId = await createIssue(server.url, seed.companyId, `history ${pid}`);
  const run = await startRun(server.url, agent, { issueId, environmentId: seed.environmentId });
  await claimRun(server.url, agent.token, run.id, { runnerId: "history-test", pid });
  return run.id;
}

const beat = (runId: string, pid: number) => gqlData(server.url, agent.token, Heartbeat, { input: { runId, pid } });
const history = async (runId: string) => (await gqlData<HistoryData>(server.url, agent.token, RunHistory, { id: runId })).run;
const heartbeatRows = (run: HistoryData["run"]) => run.events.edges.map(({ node }) => node).filter((event) => event.kind === "HEARTBEAT");

describe("heartbeat history", () => {
  it("keeps the first heartbeat; one with nothing new writes no row but still moves the run and reaches subscribers", async () => {
    const runId = await runningRun(700);
    const sub = subscribe<{ runEvents: { id: string; kind: string; pid: number } }>(server.wsUrl, agent.token, "subscription($runId: ID) { runEvents(runId: $runId) { id kind pid } }", {
      runId,
    });
    await sub.ready;
    await beat(runId, 700);
    const first = await history(runId);
    expect(first.heartbeatCount).toBe(1);
    expect(heartbeatRows(first).map((e) => e.pid)).toEqual([700]);

    for (let i = 0; i < 5; i++) await beat(runId, 700);
    const after = await history(runId);
    expect(after.heartbeatCount).toBe(6);
    expect(heartbeatRows(after)).toHaveLength(1);
    expect(after.events.totalCount).toBe(first.events.totalCount);
    expect(new Date(after.lastHeartbeatAt).getTime()).toBeGreaterThan(new Date(first.lastHeartbeatAt).getTime());
    // Every heartbeat's live event, kept or not, with unique ids in order.
    const events = (await sub.take(6)).map((e) => e.runEvents);
    expect(events.map((e) => [e.kind, e.pid])).toEqual(Array.from({ length: 6 }, () => ["HEARTBEAT", 700]));
    const ids = events.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // The kept one's live event is its history row.
    expect(events[0]!.id).toBe(heartbeatRows(first)[0]!.id);
    await sub.close();
  });

  it("keeps a heartbeat with a new pid, and one that comes after a gap longer than RUNYARD_HEARTBEAT_HISTORY_GAP_SECONDS", async () => {
    const runId = await runningRun(800);
    await beat(runId, 800);
    await beat(runId, 800);
    await beat(runId, 801); // the child was restarted
    await beat(runId, 801);
    expect(heartbeatRows(await history(runId)).map((e) => e.pid)).toEqual([800, 801]);

    await new Promise((resolve) => setTimeout(resolve, GAP_SECONDS * 1000 + 300));
    await beat(runId, 801); // after a gap
    await beat(runId, 801);
    const run = await history(runId);
    expect(heartbeatRows(run).map((e) => e.pid)).toEqual([800, 801, 801]);
    expect(run.heartbeatCount).toBe(6);
    expect(run.pid).toBe(801);
  });

  it("counts from zero on each run: every run keeps its own first heartbeat", async () => {
    const runs = [await runningRun(900), await runningRun(901)];
    for (const runId of runs) for (let i = 0; i < 3; i++) await beat(runId, 900);
    for (const runId of runs) {
      const run = await history(runId);
      expect(run.heartbeatCount).toBe(3);
      expect(heartbeatRows(run).map((e) => e.pid)).toEqual([900]);
    }
  });
});
