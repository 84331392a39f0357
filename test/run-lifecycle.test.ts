// The run state machine through two real replicas: every transition is one conditional write, so
// of two racing replicas exactly one wins; refused mutations (bad input, wrong run, wrong state)
// leave nothing half-written behind.
import { randomUUID } from "node:crypto";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./gql/index.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { gql, gqlData, type GqlError, type GqlResponse } from "./support/graphql-client.js";
import { seedCompany, StartRun, type Agent } from "./support/fixtures.js";
import { TEST_ADMIN_TOKEN, type TestServer } from "./support/server-process.js";
import { startApp } from "./support/app.js";

// A small pool per replica: the shared PostgreSQL (max_connections 100) serves every test file
// running in parallel, and a pool this size still has many writers racing on one row.
const SERVER_ENV = { RUNYARD_DB_POOL_SIZE: "6" };

const ClaimRun = graphql(`
  mutation LcClaimRun($input: ClaimRunInput!) { claimRun(input: $input) { run { id status pid runnerId } lease { id status } } }
`);
const Heartbeat = graphql(`
  mutation LcHeartbeat($input: HeartbeatInput!) {
    heartbeat(input: $input) { cancelRequested workspaceConfigVersion leaseExpiresAt run { id status pid } }
  }
`);
const SetState = graphql(`
  mutation LcSetState($input: SetRuntimeStateInput!) { setRuntimeState(input: $input) { key version } }
`);
const FinishRun = graphql(`
  mutation LcFinishRun($input: FinishRunInput!) { finishRun(input: $input) { id status exitCode finishedAt } }
`);
const CancelRun = graphql(`
  mutation LcCancelRun($input: CancelRunInput!) { cancelRun(input: $input) { id status cancelRequestedAt finishedAt } }
`);
const RunDetails = graphql(`
  query LcRunDetails($id: ID!) {
    run(id: $id) {
      status exitCode pid lastHeartbeatAt finishedAt cancelRequestedAt
      events(first: 100) { edges { node { kind status fromStatus } } }
      leases(first: 10) { edges { node { status releaseReason } } }
      runtimeState(first: 100) { edges { node { key version } } }
    }
  }
`);


/** The single error of a refused operation (and that it had no data). */
function refusal(response: GqlResponse<unknown>): GqlError {
  expect(response.errors, JSON.stringify(response)).toHaveLength(1);
  expect(response.data ?? null).toBeNull();
  return response.errors![0]!;
}

let db: TestDatabase;
let sql: pg.Client;
let A: TestServer;
let B: TestServer;
let agent: Agent;
let otherAgent: Agent;
let environmentId: string;
let issueId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  [A, B] = await Promise.all([startApp({ databaseUrl: db.url, env: SERVER_ENV }), startApp({ databaseUrl: db.url, env: SERVER_ENV })]);
  const seed = await seedCompany(A.url, {
    company: "lifecycle",
    agents: ["agent-one", "agent-two"],
    issue: "lifecycle",
    environment: { name: "local", capacity: 50 },
  });
  [agent, otherAgent] = seed.agents as [Agent, Agent];
  ({ issueId, environmentId } = seed);
});

afterAll(async () => {
  await Promise.all([A, B].filter(Boolean).map((server) => server.stop()));
  await sql?.end();
  await db?.drop();
});

async function queuedRun(): Promise<string> {
  const { startRun } = await gqlData(A.url, agent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } });
  expect(startRun.status).toBe("QUEUED");
  return startRun.id;
}

async function runningRun(): Promise<string> {
  const runId = await queuedRun();
  const { claimRun } = await gqlData(B.url, agent.token, ClaimRun, { input: { runId, runnerId: "lifecycle-test", pid: 4242 } });
  expect(claimRun.run).toMatchObject({ status: "RUNNING", pid: 4242, runnerId: "lifecycle-test" });
  expect(claimRun.lease.status).toBe("ACTIVE");
  return runId;
}

async function details(runId: string) {
  const { run } = await gqlData(A.url, TEST_ADMIN_TOKEN, RunDetails, { id: runId });
  expect(run).not.toBeNull();
  return run!;
}

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "LOST"]);

/** Rows that a refused mutation must not have added: runtime state and history of the run, and the run row itself. */
async function footprint(runId: string) {
  const id = decodeGlobalID(runId).id;
  const state = await sql.query(`SELECT "key", "version", "value" FROM "RuntimeState" WHERE "runId" = $1 ORDER BY "key"`, [id]);
  const events = await sql.query(`SELECT "id", "kind", "status" FROM "RunEvent" WHERE "runId" = $1 ORDER BY "id"`, [id]);
  const run = await sql.query(`SELECT "status", "pid", "lastHeartbeatAt", "finishedAt", "exitCode" FROM "Run" WHERE "id" = $1`, [id]);
  return { state: state.rows, events: events.rows, run: run.rows };
}

describe("racing terminal transitions across replicas", () => {
  it("finishRun(SUCCEEDED) on A and cancelRun on B: exactly one wins per run, one terminal event", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const runId = await runningRun();
      // Alternate which replica gets which call, so neither always has the head start.
      const [finishOn, cancelOn] = i % 2 === 0 ? [A, B] : [B, A];
      const [finished, cancelled] = await Promise.all([
        gql(finishOn.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } }),
        gql(cancelOn.url, agent.token, CancelRun, { input: { runId } }),
      ]);
      const winners = [finished.data?.finishRun, cancelled.data?.cancelRun].filter(Boolean);
      expect(winners, `run ${i}: ${JSON.stringify({ finished, cancelled })}`).toHaveLength(1);
      const loser = finished.data?.finishRun ? cancelled : finished;
      expect(refusal(loser).extensions?.code).toBe("INVALID_RUN_TRANSITION");
      const winnerStatus = finished.data?.finishRun ? "SUCCEEDED" : "CANCELLED";
      outcomes.push(winnerStatus);

      const run = await details(runId);
      expect(run.status).toBe(winnerStatus);
      expect(run.exitCode).toBe(winnerStatus === "SUCCEEDED" ? 0 : null);
      expect(run.finishedAt).not.toBeNull();
      const statusEvents = run.events.edges.map(({ node }) => node).filter((e) => e.kind === "STATUS_CHANGED");
      expect(statusEvents).toEqual([
        { kind: "STATUS_CHANGED", status: "QUEUED", fromStatus: null },
        { kind: "STATUS_CHANGED", status: "RUNNING", fromStatus: "QUEUED" },
        { kind: "STATUS_CHANGED", status: winnerStatus, fromStatus: "RUNNING" },
      ]);
      expect(statusEvents.filter((e) => TERMINAL.has(e.status))).toHaveLength(1);
      // The lease ended exactly once, as the winner ended the run.
      const reason = winnerStatus === "SUCCEEDED" ? "COMPLETED" : "CANCELLED";
      expect(run.leases.edges.map(({ node }) => node)).toEqual([{ status: "RELEASED", releaseReason: reason }]);
    }
    expect(outcomes).toHaveLength(10);
  });

  it("claimRun on A racing cancelRun on B: the cancel always succeeds, no lease stays ACTIVE", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const runId = await queuedRun();
      const [claimOn, cancelOn] = i % 2 === 0 ? [A, B] : [B, A];
      const [claimed, cancelled] = await Promise.all([
        gql(claimOn.url, agent.token, ClaimRun, { input: { runId, runnerId: "racer", pid: 333 } }),
        gql(cancelOn.url, agent.token, CancelRun, { input: { runId } }),
      ]);
      // Whatever order they land in, a QUEUED or RUNNING run can be cancelled.
      expect(cancelled.errors, JSON.stringify(cancelled)).toBeUndefined();
      expect(cancelled.data?.cancelRun.status).toBe("CANCELLED");
      if (!claimed.data?.claimRun) expect(refusal(claimed).extensions?.code).toBe("INVALID_RUN_TRANSITION");
      outcomes.push(claimed.data?.claimRun ? "claimed, then cancelled" : "cancelled while queued");

      const run = await details(runId);
      expect(run.status).toBe("CANCELLED");
      const transitions = run.events.edges.map(({ node }) => [node.fromStatus, node.status]);
      expect(transitions).toEqual(
        claimed.data?.claimRun
          ? [[null, "QUEUED"], ["QUEUED", "RUNNING"], ["RUNNING", "CANCELLED"]]
          : [[null, "QUEUED"], ["QUEUED", "CANCELLED"]],
      );
      expect(run.leases.edges.map(({ node }) => node)).toEqual(
        claimed.data?.claimRun ? [{ status: "RELEASED", releaseReason: "CANCELLED" }] : [],
      );
    }
    expect(outcomes).toHaveLength(10);
  });

  it("concurrent claimRun of one QUEUED run on both replicas: one claim, one RUNNING event, one lease", async () => {
    const runId = await queuedRun();
    const [onA, onB] = await Promise.all([
      gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "runner-a", pid: 111 } }),
      gql(B.url, agent.token, ClaimRun, { input: { runId, runnerId: "runner-b", pid: 222 } }),
    ]);
    const won = [onA, onB].filter((r) => r.data?.claimRun);
    expect(won, JSON.stringify({ onA, onB })).toHaveLength(1);
    const lost = onA.data?.claimRun ? onB : onA;
    expect(refusal(lost).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    const run = await details(runId);
    expect(run.status).toBe("RUNNING");
    expect(run.pid).toBe(won[0]!.data!.claimRun.run.pid);
    expect(run.events.edges.filter(({ node }) => node.status === "RUNNING")).toHaveLength(1);
    expect(run.leases.edges.map(({ node }) => node.status)).toEqual(["ACTIVE"]);
    await gqlData(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
  });
});

describe("cancel and finish semantics", () => {
  it("cancelRun of a RUNNING run: CANCELLED at once, lease freed, next heartbeat says cancelRequested", async () => {
    const runId = await runningRun();
    const { cancelRun } = await gqlData(A.url, TEST_ADMIN_TOKEN, CancelRun, { input: { runId } });
    expect(cancelRun.status).toBe("CANCELLED");
    expect(cancelRun.cancelRequestedAt).not.toBeNull();
    expect(cancelRun.finishedAt).not.toBeNull();
    expect((await details(runId)).leases.edges.map(({ node }) => node)).toEqual([{ status: "RELEASED", releaseReason: "CANCELLED" }]);

    const before = await footprint(runId);
    const { heartbeat } = await gqlData(B.url, agent.token, Heartbeat, {
      input: { runId, pid: 4243, state: [{ key: "after-cancel", value: 1 }] },
    });
    expect(heartbeat.cancelRequested).toBe(true);
    expect(heartbeat.run.status).toBe("CANCELLED");
    expect(heartbeat.leaseExpiresAt).toBeNull();
    // Answered, but nothing recorded: no state, no history, pid unchanged.
    expect(await footprint(runId)).toEqual(before);

    // The runner stops and does not finish; a finish would be refused anyway.
    const finish = await gql(B.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
    expect(refusal(finish).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    const again = await gql(A.url, agent.token, CancelRun, { input: { runId } });
    expect(refusal(again).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    expect((await details(runId)).events.edges.filter(({ node }) => node.status === "CANCELLED")).toHaveLength(1);
  });

  it("cancelRun of a QUEUED run: CANCELLED, and it can no longer be claimed", async () => {
    const runId = await queuedRun();
    const { cancelRun } = await gqlData(B.url, agent.token, CancelRun, { input: { runId } });
    expect(cancelRun.status).toBe("CANCELLED");
    const claim = await gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "late", pid: 99 } });
    expect(refusal(claim).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    const run = await details(runId);
    expect(run.events.edges.map(({ node }) => [node.fromStatus, node.status])).toEqual([
      [null, "QUEUED"],
      ["QUEUED", "CANCELLED"],
    ]);
    expect(run.leases.edges).toEqual([]);
  });

  it("heartbeat after finish: INVALID_RUN_TRANSITION, and it writes nothing", async () => {
    const runId = await runningRun();
    const { heartbeat } = await gqlData(A.url, agent.token, Heartbeat, { input: { runId, pid: 5000, state: [{ key: "k", value: "v" }] } });
    expect(heartbeat).toMatchObject({ cancelRequested: false, workspaceConfigVersion: 1, run: { status: "RUNNING", pid: 5000 } });
    expect(heartbeat.leaseExpiresAt).not.toBeNull();
    const { finishRun } = await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "FAILED", exitCode: 3 } });
    expect(finishRun).toMatchObject({ status: "FAILED", exitCode: 3 });

    const before = await footprint(runId);
    for (const server of [A, B]) {
      const beat = await gql(server.url, agent.token, Heartbeat, { input: { runId, pid: 5001, state: [{ key: "k", value: "late" }] } });
      const error = refusal(beat);
      expect(error.extensions?.code).toBe("INVALID_RUN_TRANSITION");
      expect(error.extensions?.status).toBe("FAILED");
      const set = await gql(server.url, agent.token, SetState, { input: { runId, key: "k", value: "late" } });
      expect(refusal(set).extensions?.code).toBe("INVALID_RUN_TRANSITION");
      const finish = await gql(server.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED" } });
      expect(refusal(finish).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    }
    expect(await footprint(runId)).toEqual(before);
    expect(before.state).toEqual([{ key: "k", version: 1, value: "v" }]);
  });

  it("a QUEUED run can be finished only as CANCELLED", async () => {
    const runId = await queuedRun();
    for (const status of ["SUCCEEDED", "FAILED"] as const) {
      const finish = await gql(A.url, agent.token, FinishRun, { input: { runId, status } });
      expect(refusal(finish).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    }
    const beat = await gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 1 } });
    expect(refusal(beat).extensions?.code).toBe("INVALID_RUN_TRANSITION");
    const { finishRun } = await gqlData(B.url, agent.token, FinishRun, { input: { runId, status: "CANCELLED" } });
    expect(finishRun.status).toBe("CANCELLED");
  });
});

describe("refused input", () => {
  const unknownRunId = () => encodeGlobalID("Run", randomUUID());

  it("an unknown run is NOT_FOUND for every run mutation", async () => {
    const runId = unknownRunId();
    const responses = await Promise.all([
      gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 1 } }),
      gql(A.url, agent.token, SetState, { input: { runId, key: "k", value: 1 } }),
      gql(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED" } }),
      gql(A.url, agent.token, CancelRun, { input: { runId } }),
      gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "r", pid: 1 } }),
      gql(A.url, TEST_ADMIN_TOKEN, Heartbeat, { input: { runId, pid: 1 } }),
    ]);
    expect(responses.map((r) => refusal(r).extensions?.code)).toEqual(Array(6).fill("NOT_FOUND"));
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM "RuntimeState" WHERE "runId" = $1`, [decodeGlobalID(runId).id]);
    expect(rows[0].n).toBe(0);
  });

  it("a malformed id, or another type's id, is BAD_USER_INPUT naming runId", async () => {
    for (const runId of ["not-a-global-id", encodeGlobalID("Company", randomUUID()), encodeGlobalID("Run", "not-a-uuid"), ""]) {
      const responses = await Promise.all([
        gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 1 } }),
        gql(A.url, agent.token, SetState, { input: { runId, key: "k", value: 1 } }),
        gql(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED" } }),
        gql(A.url, agent.token, CancelRun, { input: { runId } }),
        gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "r", pid: 1 } }),
      ]);
      for (const response of responses) {
        const error = refusal(response);
        expect(error.extensions?.code, `${runId}: ${error.message}`).toBe("BAD_USER_INPUT");
        expect(error.extensions?.field, runId).toBe("runId");
      }
    }
  });

  it("another agent's run is NOT_FOUND (it cannot see it), and nothing is written", async () => {
    const runId = await runningRun();
    await gqlData(A.url, agent.token, SetState, { input: { runId, key: "mine", value: 1 } });
    const before = await footprint(runId);
    const responses = await Promise.all([
      gql(B.url, otherAgent.token, Heartbeat, { input: { runId, pid: 7, state: [{ key: "mine", value: 2 }, { key: "theirs", value: 3 }] } }),
      gql(B.url, otherAgent.token, SetState, { input: { runId, key: "mine", value: 2 } }),
      gql(B.url, otherAgent.token, FinishRun, { input: { runId, status: "FAILED", exitCode: 1 } }),
      gql(B.url, otherAgent.token, CancelRun, { input: { runId } }),
      gql(B.url, otherAgent.token, ClaimRun, { input: { runId, runnerId: "thief", pid: 7 } }),
    ]);
    expect(responses.map((r) => refusal(r).extensions?.code)).toEqual(Array(5).fill("NOT_FOUND"));
    expect(await footprint(runId)).toEqual(before);
    // The owner still can.
    const { heartbeat } = await gqlData(A.url, agent.token, Heartbeat, { input: { runId, pid: 4242 } });
    expect(heartbeat.run.status).toBe("RUNNING");
    // Nor can it start runs for another agent, which it can see: FORBIDDEN.
    const start = await gql(A.url, otherAgent.token, StartRun, { input: { agentId: agent.id, issueId, environmentId } });
    expect(refusal(start).extensions?.code).toBe("FORBIDDEN");
    await gqlData(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
  });

  it("oversized, malformed and duplicate state, and bad pids, are BAD_USER_INPUT naming the field; nothing half-written", async () => {
    const runId = await runningRun();
    await gqlData(A.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: [{ key: "kept", value: "before" }] } });
    const before = await footprint(runId);
    expect(before.state).toEqual([{ key: "kept", version: 1, value: "before" }]);

    // JSON of a string of n characters is n + 2 bytes; 64 KiB is the most a value may take.
    const atLimit = "x".repeat(64 * 1024 - 2);
    const overLimit = "x".repeat(64 * 1024 - 1);
    const cases: Array<[string, Promise<GqlResponse<unknown>>]> = [
      ["value", gql(A.url, agent.token, SetState, { input: { runId, key: "big", value: overLimit } })],
      ["value", gql(B.url, agent.token, SetState, { input: { runId, key: "big", value: { nested: [overLimit] } } })],
      ["state.1.value", gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: [{ key: "kept", value: "after" }, { key: "big", value: overLimit }] } })],
      ["key", gql(A.url, agent.token, SetState, { input: { runId, key: "bad key!", value: 1 } })],
      ["key", gql(A.url, agent.token, SetState, { input: { runId, key: "", value: 1 } })],
      ["key", gql(A.url, agent.token, SetState, { input: { runId, key: "k".repeat(201), value: 1 } })],
      ["state.0.key", gql(B.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: [{ key: "a/b", value: 1 }] } })],
      ["state.2.key", gql(B.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: [{ key: "kept", value: 1 }, { key: "other", value: 2 }, { key: "kept", value: 3 }] } })],
      ["pid", gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 0, state: [{ key: "kept", value: "after" }] } })],
      ["pid", gql(B.url, agent.token, Heartbeat, { input: { runId, pid: -5 } })],
      ["pid", gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "r", pid: 0 } })],
      ["runnerId", gql(A.url, agent.token, ClaimRun, { input: { runId, runnerId: "   ", pid: 1 } })],
      ["state", gql(A.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: i })) } })],
      ["error", gql(A.url, agent.token, FinishRun, { input: { runId, status: "FAILED", error: "e".repeat(10_001) } })],
    ];
    for (const [field, pending] of cases) {
      const error = refusal(await pending);
      expect(error.extensions?.code, `${field}: ${error.message}`).toBe("BAD_USER_INPUT");
      expect(error.extensions?.field, error.message).toBe(field);
    }
    expect(await footprint(runId)).toEqual(before);

    // The limit itself is accepted, through either mutation.
    const { setRuntimeState } = await gqlData(A.url, agent.token, SetState, { input: { runId, key: "big", value: atLimit } });
    expect(setRuntimeState).toEqual({ key: "big", version: 1 });
    await gqlData(B.url, agent.token, Heartbeat, { input: { runId, pid: 4242, state: [{ key: "big", value: atLimit }] } });
    const state = (await details(runId)).runtimeState.edges.map(({ node }) => node);
    expect(state).toEqual([{ key: "big", version: 2 }, { key: "kept", version: 1 }]);
    await gqlData(A.url, agent.token, FinishRun, { input: { runId, status: "SUCCEEDED", exitCode: 0 } });
  });

  it("no token is UNAUTHENTICATED", async () => {
    const runId = await queuedRun();
    const beat = await gql(A.url, null, Heartbeat, { input: { runId, pid: 1 } });
    expect(refusal(beat).extensions?.code).toBe("UNAUTHENTICATED");
    const set = await gql(A.url, null, SetState, { input: { runId, key: "k", value: 1 } });
    expect(refusal(set).extensions?.code).toBe("UNAUTHENTICATED");
    await gqlData(A.url, agent.token, CancelRun, { input: { runId } });
  });
});
